package io.actormq.protocol.remoting;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actormq.protocol.header.ExtFields;
import io.actormq.protocol.header.HeaderException;
import io.actormq.protocol.header.PullMessageResponseHeader;
import io.actormq.protocol.header.SendMessageRequestHeaderV2;
import io.actormq.protocol.json.JsonReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fast paths against the plain ones: lazy ext fields, direct headers, in-place frames. */
class FastPathsTest {

  private static final String[] VALUES = {
    "",
    "0",
    "7",
    "-1",
    "+5",
    "007",
    "-0",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "123456789012345678",
    "1234567890123456789",
    "12a",
    "-",
    "+",
    " 1",
    "\u0663", // ARABIC-INDIC DIGIT THREE: Integer.parseInt accepts it
    "\uff19",
    "true",
    "TRUE",
    "tRuE",
    "ture",
    "trues",
    "T\u0000UE",
    "false",
    "TBW102",
    "plain text",
    "TAGS\u0001A\u0002KEYS\u0001k1 k2\u0002",
    "quote\" backslash\\ slash/ nl\n tab\t ctl\u0001\u001f",
    "latin1 é ÿ \u0080",
    "wide \u0100 中 😀 \u2028",
    "lone \ud800 surrogate"
  };

  private static Map<String, String> sampleFields(Random r) {
    Map<String, String> m = new LinkedHashMap<>();
    int n = r.nextInt(8);
    String[] keys = {"a", "d", "g", "queueId", "topic", "unknownKey", "键", "k\"q"};
    for (int i = 0; i < n; i++) {
      m.put(keys[r.nextInt(keys.length)], VALUES[r.nextInt(VALUES.length)]);
    }
    return m;
  }

  private static RemotingCommand decodeFrame(ByteBuffer frame) {
    int total = frame.getInt(0);
    return RemotingCommandDecoder.decode(frame.slice(4, total));
  }

  @ParameterizedTest
  @EnumSource(SerializeType.class)
  void lazyExtFieldsReadLikeAnEagerMap(SerializeType type) {
    Random r = new Random(42);
    for (int round = 0; round < 2000; round++) {
      Map<String, String> fields = sampleFields(r);
      RemotingCommand cmd = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, 1, fields, null);
      RemotingCommand back = decodeFrame(RemotingCommandEncoder.encode(cmd, type));
      Map<String, String> expected = new HashMap<>(fields);
      if (type == SerializeType.ROCKETMQ) {
        // Binary: empty means absent, and a lone surrogate is written as '?' (as RocketMQ does).
        expected.values().removeIf(String::isEmpty);
        expected.replaceAll((k, v) -> new String(v.getBytes(UTF_8), UTF_8));
      }
      Map<String, String> lazy = back.extFields();
      Map<String, String> eager = new HashMap<>(expected);
      for (String key : new String[] {"a", "d", "g", "queueId", "topic", "missing", "键"}) {
        assertThat(lazy.get(key)).isEqualTo(eager.get(key));
        assertThat(lazy.containsKey(key)).isEqualTo(eager.containsKey(key));
        assertSameOutcome(
            () -> ExtFields.requireInt(lazy, key), () -> ExtFields.requireInt(eager, key));
        assertSameOutcome(() -> ExtFields.optInt(lazy, key), () -> ExtFields.optInt(eager, key));
        assertSameOutcome(
            () -> ExtFields.optInt(lazy, key, -7), () -> ExtFields.optInt(eager, key, -7));
        assertSameOutcome(
            () -> ExtFields.requireLong(lazy, key), () -> ExtFields.requireLong(eager, key));
        assertSameOutcome(() -> ExtFields.optLong(lazy, key), () -> ExtFields.optLong(eager, key));
        assertSameOutcome(
            () -> ExtFields.optBoolean(lazy, key), () -> ExtFields.optBoolean(eager, key));
        assertSameOutcome(
            () -> ExtFields.optBoolean(lazy, key, true),
            () -> ExtFields.optBoolean(eager, key, true));
        assertSameOutcome(
            () -> ExtFields.requireBoolean(lazy, key), () -> ExtFields.requireBoolean(eager, key));
      }
      assertThat(lazy).isEqualTo(eager);
      assertThat(eager).isEqualTo(lazy);
      assertThat(lazy.hashCode()).isEqualTo(eager.hashCode());
      assertThat(lazy.size()).isEqualTo(eager.size());
      assertThat(lazy.isEmpty()).isEqualTo(eager.isEmpty());
      assertThat(back).isEqualTo(cmd.withExtFields(expected));
    }
  }

  @Test
  void lazyExtFieldsKeepTheLastOfRepeatedKeysAndRejectChanges() {
    String json =
        "{\"code\":310,\"extFields\":{\"d\":\"1\",\"b\":\"x\",\"d\":\"22\",\"\\u0064\":\"333\","
            + "\"n\":null,\"num\":12,\"bool\":true,\"esc\":\"a\\u0001b\\u00e9\\u4e2d\"}}";
    RemotingCommand cmd = jsonCommand(json);
    Map<String, String> ext = cmd.extFields();
    assertThat(ext.get("d")).isEqualTo("333");
    assertThat(ExtFields.requireInt(ext, "d")).isEqualTo(333);
    assertThat(ext)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("d", "333", "b", "x", "num", "12", "bool", "true", "esc", "a\u0001bé中"));
    assertThat(ext.containsKey("n")).isFalse();
    assertThatThrownBy(() -> ext.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ext.entrySet().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static RemotingCommand jsonCommand(String json) {
    byte[] h = json.getBytes(UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(4 + h.length);
    frame.putInt(RemotingCommandEncoder.headerWord(SerializeType.JSON, h.length)).put(h).flip();
    return RemotingCommandDecoder.decode(frame);
  }

  @Test
  void escapedStringsDecodeToTheSameTextOnEveryPath() {
    String[] texts = {
      "a\u0001b\u0002",
      "\u0000\u001f\u007f\u0080\u00ff",
      "é raw and \u00e9 escaped",
      "\u0100 needs the wide path",
      "中😀",
      "\ud83d\ude00 pair, \ud800 lone",
      "q\"b\\s/n\nr\rt\tb\bf\f"
    };
    for (String t : texts) {
      for (boolean escapeAll : new boolean[] {false, true}) {
        String json = "[" + quote(t, escapeAll) + "]";
        assertThat(JsonReader.parse(json)).isEqualTo(List.of(t));
        RemotingCommand cmd = jsonCommand("{\"extFields\":{\"k\":" + quote(t, escapeAll) + "}}");
        assertThat(cmd.extField("k")).isEqualTo(t);
      }
    }
    // Invalid input still fails on the general path.
    for (String bad : new String[] {"\"a\\u00G1\"", "\"a\\x\"", "\"a\\u00", "\"a\u0001\""}) {
      assertThatThrownBy(() -> JsonReader.parse(bad)).isInstanceOf(RuntimeException.class);
    }
  }

  private static String quote(String s, boolean escapeAll) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || (escapeAll && c >= 0x7f) || Character.isSurrogate(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  @Test
  void decimalsMatchLongToString() {
    Random r = new Random(7);
    List<Long> values =
        new ArrayList<>(List.of(0L, 9L, 10L, -1L, -10L, Long.MIN_VALUE, Long.MAX_VALUE));
    long p = 1;
    for (int i = 0; i < 19; i++) {
      values.add(p);
      values.add(p - 1);
      values.add(-p);
      values.add(1 - p);
      p *= 10;
    }
    for (int i = 0; i < 10_000; i++) {
      values.add(r.nextLong() >> r.nextInt(64));
    }
    byte[] b = new byte[32];
    for (long v : values) {
      int end = Utf8.writeDecimal(v, b, 3);
      assertThat(new String(b, 3, end - 3, UTF_8)).isEqualTo(Long.toString(v));
      assertThat(Utf8.decimalLength(v)).isEqualTo(Long.toString(v).length());
    }
  }

  private static SendMessageRequestHeaderV2 sendHeader(boolean optionals, String properties) {
    return new SendMessageRequestHeaderV2(
        "group-é",
        "Topic",
        "TBW102",
        4,
        3,
        0,
        1_717_171_717_171L,
        -5,
        properties,
        optionals ? 2 : null,
        optionals ? Boolean.FALSE : null,
        optionals ? 16 : null,
        optionals ? Boolean.TRUE : null,
        optionals ? "broker-a" : null);
  }

  @ParameterizedTest
  @EnumSource(SerializeType.class)
  void directHeadersEncodeLikeTheirMaps(SerializeType type) {
    List<io.actormq.protocol.remoting.CommandHeader> headers = new ArrayList<>();
    for (String props : new String[] {null, "TAGS\u0001A\u0002", "k\u0001中 \"\\\u0002"}) {
      headers.add(sendHeader(true, props));
      headers.add(sendHeader(false, props));
    }
    headers.add(new PullMessageResponseHeader(0, Long.MAX_VALUE, -1, Long.MIN_VALUE, 5L, 1, 2, 3));
    headers.add(new PullMessageResponseHeader(1, 2, 3, 4, null, null, null, null));
    for (var header : headers) {
      RemotingCommand direct =
          RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, 9, header, null);
      Map<String, String> map = new HashMap<>();
      header.writeTo(map);
      RemotingCommand viaMap = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, 9, map, null);
      assertThat(direct).isEqualTo(viaMap);
      assertThat(direct.extFields()).isEqualTo(map);
      RemotingCommand back = decodeFrame(RemotingCommandEncoder.encode(direct, type));
      assertThat(back).isEqualTo(viaMap);
      assertThat(decodeFrame(RemotingCommandEncoder.encode(direct.withOpaque(3), type)))
          .isEqualTo(viaMap.withOpaque(3));
      if (header instanceof SendMessageRequestHeaderV2 h) {
        assertThat(SendMessageRequestHeaderV2.fromExtFields(back.extFields())).isEqualTo(h);
      } else {
        assertThat(PullMessageResponseHeader.fromExtFields(back.extFields())).isEqualTo(header);
      }
      RemotingCommand response =
          RemotingCommand.responseTo(viaMap, ResponseCode.SUCCESS, "ok", header, null);
      assertThat(decodeFrame(RemotingCommandEncoder.encode(response, type)).extFields())
          .isEqualTo(map);
    }
  }

  @Test
  void headerExceptionsNameTheFieldOnTheLazyPath() {
    RemotingCommand cmd =
        jsonCommand("{\"extFields\":{\"a\":\"g\",\"b\":\"t\",\"c\":\"c\",\"d\":\"x1\"}}");
    assertThatThrownBy(() -> SendMessageRequestHeaderV2.fromExtFields(cmd.extFields()))
        .isInstanceOf(HeaderException.class)
        .hasMessageContaining("'d'")
        .hasMessageContaining("x1");
  }

  private interface Call {
    Object run();
  }

  private static void assertSameOutcome(Call lazy, Call eager) {
    Object a;
    Object b;
    try {
      b = eager.run();
    } catch (RuntimeException e) {
      assertThatThrownBy(lazy::run).isInstanceOf(e.getClass()).hasMessage(e.getMessage());
      return;
    }
    a = lazy.run();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void immutableChunksDecodeInPlaceAndSplitFramesStillWork() {
    RemotingCommand cmd =
        RemotingCommand.request(
            RequestCode.SEND_MESSAGE_V2, 5, sendHeader(true, "TAGS\u0001A\u0002"), null);
    byte[] body = "payload".getBytes(UTF_8);
    byte[] one = frameBytes(RemotingCommandEncoder.encode(cmd.withBody(ByteBuffer.wrap(body))));
    byte[] stream = new byte[one.length * 3];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(one, 0, stream, i * one.length, one.length);
    }
    for (int cut = 0; cut <= stream.length; cut += 7) {
      FrameDecoder copying = new FrameDecoder();
      FrameDecoder inPlace = new FrameDecoder();
      List<RemotingCommand> expected = new ArrayList<>();
      List<RemotingCommand> actual = new ArrayList<>();
      byte[] shared = stream.clone();
      copying.feed(ByteBuffer.wrap(stream, 0, cut), expected::add);
      copying.feed(ByteBuffer.wrap(stream, cut, stream.length - cut), expected::add);
      inPlace.feedImmutable(ByteBuffer.wrap(shared, 0, cut), actual::add);
      inPlace.feedImmutable(ByteBuffer.wrap(shared, cut, shared.length - cut), actual::add);
      assertThat(actual).isEqualTo(expected).hasSize(3);
    }
    // A whole frame in one chunk is not copied: its body is a view of the chunk.
    byte[] shared = one.clone();
    List<RemotingCommand> got = new FrameDecoder().feed(ByteBuffer.wrap(shared));
    List<RemotingCommand> inPlaceGot = new ArrayList<>();
    new FrameDecoder().feedImmutable(ByteBuffer.wrap(shared), inPlaceGot::add);
    shared[shared.length - 1] = 'X';
    assertThat(got.get(0).body()).isEqualTo(ByteBuffer.wrap(body));
    assertThat(inPlaceGot.get(0).body().get(body.length - 1)).isEqualTo((byte) 'X');
    // Failures stick, as with feed.
    FrameDecoder bad = new FrameDecoder(64);
    ByteBuffer tooLarge = ByteBuffer.allocate(8).putInt(1000).putInt(0).flip();
    assertThatThrownBy(() -> bad.feedImmutable(tooLarge, c -> {}))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> bad.feedImmutable(ByteBuffer.wrap(one), c -> {}))
        .isInstanceOf(ProtocolException.class);
  }

  private static byte[] frameBytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Test
  void oneLetterKeysAreFoundLikeOtherKeysInLongAndRepeatedHeaders() {
    String[] keys = {"a", "b", "n", "p", "q", "z", "A", "_", "aa", "topic", "键"};
    Random r = new Random(9);
    for (int round = 0; round < 500; round++) {
      // Up to 40 entries with repeats, so letter keys land beyond the packed index's 15 slots.
      int n = r.nextInt(41);
      Map<String, String> expected = new HashMap<>();
      StringBuilder json = new StringBuilder("{\"code\":310,\"extFields\":{");
      for (int i = 0; i < n; i++) {
        String key = keys[r.nextInt(keys.length)];
        String value = Integer.toString(r.nextInt(1000));
        expected.put(key, value);
        json.append(i == 0 ? "" : ",").append('"').append(key).append("\":\"");
        json.append(value).append('"');
      }
      Map<String, String> ext = jsonCommand(json.append("}}").toString()).extFields();
      for (String key : new String[] {"a", "b", "c", "n", "p", "q", "y", "z", "A", "_", "aa"}) {
        assertThat(ext.get(key)).as("%s in %s", key, json).isEqualTo(expected.get(key));
        assertThat(ext.containsKey(key)).isEqualTo(expected.containsKey(key));
        assertSameOutcome(() -> ExtFields.optInt(ext, key), () -> ExtFields.optInt(expected, key));
      }
      assertThat(ext).isEqualTo(expected);
    }
  }
}
