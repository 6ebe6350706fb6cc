package io.actormq.protocol.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actormq.protocol.header.HeaderSamples.Sample;
import io.actormq.protocol.remoting.CommandHeader;
import io.actormq.protocol.remoting.ProtocolException;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderValidationTest {

  static List<Sample> samples() {
    return HeaderSamples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void roundTripsThroughExtFieldsAndIgnoresExtras(Sample sample) {
    Map<String, String> ext = sample.header().toExtFields();
    assertThat(sample.parser().apply(ext)).isEqualTo(sample.header());
    assertThat(ext.values()).doesNotContainNull();

    Map<String, String> withExtras = new HashMap<>(ext);
    for (String extra : new String[] {"bname", "lo", "ns", "nsd", "oway", "ReqT", "unknown"}) {
      // bname is the broker name of the full-named send header, not an extra there.
      if (!(extra.equals("bname") && sample.name().startsWith("SendMessageRequestHeader/"))) {
        withExtras.putIfAbsent(extra, "x");
      }
    }
    assertThat(sample.parser().apply(withExtras)).isEqualTo(sample.header());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyRequiredFieldFailsClearlyWhenMissing(Sample sample) {
    Map<String, String> full = sample.header().toExtFields();
    for (String key : full.keySet()) {
      Map<String, String> without = new HashMap<>(full);
      without.remove(key);
      CommandHeader parsed;
      try {
        parsed = sample.parser().apply(without);
      } catch (HeaderException e) {
        assertThat(e.field()).isEqualTo(key);
        assertThat(e.getMessage()).isEqualTo("missing header field '" + key + "'");
        assertThat(e.reason()).isEqualTo(ProtocolException.Reason.INVALID_HEADER_FIELD);
        assertThat(e.isFatalToConnection()).isFalse();
        continue;
      }
      // Optional: parsing succeeds and the field reads back as absent or defaulted.
      assertThat(parsed).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void numericFieldsFailClearlyWhenUnparsable(Sample sample) {
    Map<String, String> full = sample.header().toExtFields();
    for (Map.Entry<String, String> e : full.entrySet()) {
      if (!e.getValue().matches("-?\\d+")) {
        continue;
      }
      Map<String, String> broken = new HashMap<>(full);
      broken.put(e.getKey(), "12x");
      assertThatThrownBy(() -> sample.parser().apply(broken))
          .as(e.getKey())
          .isInstanceOf(HeaderException.class)
          .hasMessageContaining("'" + e.getKey() + "'")
          .hasMessageContaining("'12x'")
          .extracting(ex -> ((HeaderException) ex).field())
          .isEqualTo(e.getKey());
    }
  }

  @Test
  void missingFieldsAreReportedInDeclarationOrder() {
    assertThatThrownBy(() -> PullMessageRequestHeader.fromExtFields(Map.of("queueId", "1")))
        .isInstanceOf(HeaderException.class)
        .hasMessage("missing header field 'consumerGroup'");
    assertThatThrownBy(() -> SendMessageRequestHeaderV2.fromExtFields(Map.of()))
        .hasMessage("missing header field 'a'");
    assertThatThrownBy(() -> GetMinOffsetRequestHeader.fromExtFields(null))
        .hasMessage("missing header field 'topic'");
  }

  @Test
  void overlongValuesAreShortenedInMessages() {
    Map<String, String> ext = Map.of("topic", "T", "queueId", "9".repeat(1000));
    assertThatThrownBy(() -> GetMinOffsetRequestHeader.fromExtFields(ext))
        .hasMessageEndingWith("...'")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(120));
  }

  @Test
  void requiredStringsCannotBeNullInRecords() {
    assertThatThrownBy(
            () -> new SendMessageResponseHeader(null, 0, 0L, null, null, null, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("msgId");
  }

  @Test
  void sendHeadersConvertBetweenVersions() {
    SendMessageRequestHeader v1 =
        new SendMessageRequestHeader(
            "PG", "T", "TBW102", 4, 1, 0, 2L, 3, "p", 1, true, 16, true, "broker-a");
    SendMessageRequestHeaderV2 v2 = SendMessageRequestHeaderV2.fromV1(v1);
    assertThat(v2.toV1()).isEqualTo(v1);
    assertThat(v2.toExtFields()).containsEntry("a", "PG").containsEntry("n", "broker-a");
    assertThat(v1.toExtFields())
        .containsEntry("producerGroup", "PG")
        .containsEntry("bname", "broker-a");
    assertThat(v1.isBatch()).isTrue();

    RemotingCommand viaV2 = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, 1, v2, null);
    RemotingCommand viaBatch = viaV2.withCode(RequestCode.SEND_BATCH_MESSAGE);
    RemotingCommand viaV1 = RemotingCommand.request(RequestCode.SEND_MESSAGE, 1, v1, null);
    assertThat(SendMessageRequestHeader.fromRequest(viaV2)).isEqualTo(v1);
    assertThat(SendMessageRequestHeader.fromRequest(viaBatch)).isEqualTo(v1);
    assertThat(SendMessageRequestHeader.fromRequest(viaV1)).isEqualTo(v1);
  }

  @Test
  void pullFlagsAreDecoded() {
    PullMessageRequestHeader pull =
        new PullMessageRequestHeader(
            "G", "T", 0, 0L, 32, 0x1 | 0x2 | 0x10, 0L, 15_000L, null, 0L, null, null);
    assertThat(pull.commitOffsetRequested()).isTrue();
    assertThat(pull.suspendRequested()).isTrue();
    assertThat(pull.hasSubscriptionFlag()).isFalse();
    assertThat(pull.isLitePull()).isTrue();
  }

  @Test
  void boundaryTypeIsReadLikeRocketMq() {
    assertThat(BoundaryType.fromWire("upper")).isEqualTo(BoundaryType.UPPER);
    assertThat(BoundaryType.fromWire("UPPER")).isEqualTo(BoundaryType.UPPER);
    assertThat(BoundaryType.fromWire("lower")).isEqualTo(BoundaryType.LOWER);
    assertThat(BoundaryType.fromWire("sideways")).isEqualTo(BoundaryType.LOWER);
    assertThat(BoundaryType.fromWire(null)).isNull();
    assertThat(new SearchOffsetRequestHeader("T", 0, 0L, null).effectiveBoundaryType())
        .isEqualTo(BoundaryType.LOWER);
  }

  @Test
  void defaultsMatchRocketMq() {
    assertThat(GetMaxOffsetRequestHeader.fromExtFields(Map.of("topic", "T", "queueId", "0")))
        .isEqualTo(new GetMaxOffsetRequestHeader("T", 0, true));
    assertThat(
            ResetOffsetRequestHeader.fromExtFields(
                Map.of("group", "G", "topic", "T", "timestamp", "5")))
        .isEqualTo(new ResetOffsetRequestHeader("G", "T", -1, null, 5L, false));
    assertThat(
            ConsumerSendMsgBackRequestHeader.fromExtFields(
                    Map.of("offset", "1", "group", "G", "delayLevel", "0"))
                .unitMode())
        .isFalse();
    // Booleans parse like Boolean.parseBoolean: only "true", in any case, is true.
    assertThat(
            QueryConsumerOffsetRequestHeader.fromExtFields(
                    Map.of(
                        "consumerGroup",
                        "G",
                        "topic",
                        "T",
                        "queueId",
                        "0",
                        "setZeroIfNotFound",
                        "TRUE"))
                .setZeroIfNotFound())
        .isTrue();
  }
}
