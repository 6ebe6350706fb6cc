package io.actormq.protocol.remoting;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Command-level compatibility with RocketMQ's own {@code RemotingCommand} and constants. */
class RemotingInteropTest {

  private static final String UNICODE = "ключ-键-😀 \"q\" \\ \n\t\u0001";

  @Test
  void requestCodesHaveRocketMqValues() throws Exception {
    assertSameConstants(
        RequestCode.class, org.apache.rocketmq.remoting.protocol.RequestCode.class, 100);
  }

  @Test
  void responseCodesHaveRocketMqValues() throws Exception {
    // RocketMQ's ResponseCode inherits the generic codes from RemotingSysResponseCode.
    assertSameConstants(
        ResponseCode.class, org.apache.rocketmq.remoting.protocol.ResponseCode.class, 40);
  }

  @Test
  void codesOfTheReferenceTableArePresent() {
    assertThat(RequestCode.UPDATE_AND_CREATE_TOPIC).isEqualTo(17);
    assertThat(RequestCode.RESET_CONSUMER_CLIENT_OFFSET).isEqualTo(220);
    assertThat(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT).isEqualTo(221);
    assertThat(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET).isEqualTo(222);
    assertThat(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS).isEqualTo(223);
    assertThat(RequestCode.name(RequestCode.LITE_PULL_MESSAGE)).isEqualTo("LITE_PULL_MESSAGE");
    assertThat(RequestCode.name(123_456)).isEqualTo("123456");
    assertThat(ResponseCode.name(ResponseCode.GO_AWAY)).isEqualTo("GO_AWAY");
  }

  @Test
  void languageCodesMatch() {
    for (var theirs : org.apache.rocketmq.remoting.protocol.LanguageCode.values()) {
      LanguageCode ours = LanguageCode.fromName(theirs.name());
      assertThat(ours.name()).isEqualTo(theirs.name());
      assertThat(ours.code()).isEqualTo(theirs.getCode());
      assertThat(LanguageCode.fromCode(theirs.getCode())).isEqualTo(ours);
    }
    assertThat(LanguageCode.values())
        .hasSize(org.apache.rocketmq.remoting.protocol.LanguageCode.values().length);
  }

  @ParameterizedTest
  @EnumSource(SerializeType.class)
  void oursDecodedByTheirs(SerializeType type) throws Exception {
    Map<String, String> ext = new HashMap<>();
    ext.put(UNICODE, UNICODE);
    ext.put("empty", "");
    ext.put("long", "x".repeat(70_000));
    byte[] body = new byte[100_000];
    new Random(1).nextBytes(body);
    RemotingCommand request =
        RemotingCommand.request(RequestCode.HEART_BEAT, -7, ext, ByteBuffer.wrap(body))
            .withRemark(UNICODE)
            .asOneway();

    var theirs = decodeWithTheirs(RemotingCommandEncoder.encode(request, type));
    assertThat(theirs.getCode()).isEqualTo(RequestCode.HEART_BEAT);
    assertThat(theirs.getOpaque()).isEqualTo(-7);
    assertThat(theirs.isOnewayRPC()).isTrue();
    assertThat(theirs.isResponseType()).isFalse();
    assertThat(theirs.getRemark()).isEqualTo(UNICODE);
    Map<String, String> expected = new HashMap<>(ext);
    if (type == SerializeType.ROCKETMQ) {
      expected.put("empty", null); // binary length 0 reads back as null on their side
    }
    assertThat(theirs.getExtFields()).isEqualTo(expected);
    assertThat(theirs.getBody()).isEqualTo(body);
    assertThat(theirs.getSerializeTypeCurrentRPC().getCode()).isEqualTo(type.code());

    RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, null);
    var theirResponse = decodeWithTheirs(RemotingCommandEncoder.encode(response, type));
    assertThat(theirResponse.isResponseType()).isTrue();
    assertThat(theirResponse.isOnewayRPC()).isFalse();
    assertThat(theirResponse.getOpaque()).isEqualTo(-7);
    assertThat(theirResponse.getCode()).isEqualTo(ResponseCode.SYSTEM_ERROR);
    assertThat(theirResponse.getRemark()).isNull();
    assertThat(theirResponse.getBody()).isNull();
    if (type == SerializeType.JSON) {
      // The Java client reads send results from extFields without a null check.
      assertThat(theirResponse.getExtFields()).isNotNull().isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(org.apache.rocketmq.remoting.protocol.SerializeType.class)
  void theirsDecodedByOursInRandomChunks(org.apache.rocketmq.remoting.protocol.SerializeType type) {
    Random random = new Random(type.ordinal());
    List<org.apache.rocketmq.remoting.protocol.RemotingCommand> sent = new ArrayList<>();
    ByteBuffer stream = ByteBuffer.allocate(4 * 1024 * 1024);
    for (int i = 0; i < 50; i++) {
      var cmd =
          org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(
              RequestCode.PULL_MESSAGE, null);
      cmd.setSerializeTypeCurrentRPC(type);
      cmd.addExtField("i", Integer.toString(i));
      cmd.addExtField(UNICODE, UNICODE);
      if (i % 3 == 0) {
        cmd.setRemark("remark " + i + " " + UNICODE);
      }
      if (i % 4 == 0) {
        cmd.markOnewayRPC();
      }
      if (i % 5 == 0) {
        cmd.markResponseType();
      }
      if (i % 2 == 0) {
        byte[] body = new byte[random.nextInt(40_000)];
        random.nextBytes(body);
        cmd.setBody(body);
      }
      sent.add(cmd);
      stream.put(cmd.encode());
    }
    stream.flip();

    FrameDecoder decoder = new FrameDecoder();
    List<RemotingCommand> received = new ArrayList<>();
    while (stream.hasRemaining()) {
      int n = Math.min(stream.remaining(), 1 + random.nextInt(9000));
      decoder.feed(stream.slice(stream.position(), n), received::add);
      stream.position(stream.position() + n);
    }

    assertThat(received).hasSize(sent.size());
    for (int i = 0; i < sent.size(); i++) {
      var theirs = sent.get(i);
      RemotingCommand ours = received.get(i);
      assertThat(ours.code()).isEqualTo(theirs.getCode());
      assertThat(ours.opaque()).isEqualTo(theirs.getOpaque());
      assertThat(ours.flag()).isEqualTo(theirs.getFlag());
      assertThat(ours.isOneway()).isEqualTo(theirs.isOnewayRPC());
      assertThat(ours.isResponse()).isEqualTo(theirs.isResponseType());
      assertThat(ours.version()).isEqualTo(theirs.getVersion());
      assertThat(ours.language().name()).isEqualTo(theirs.getLanguage().name());
      assertThat(ours.remark()).isEqualTo(theirs.getRemark());
      assertThat(ours.extFields()).isEqualTo(theirs.getExtFields());
      byte[] body = theirs.getBody();
      assertThat(ours.body()).isEqualTo(body == null ? null : ByteBuffer.wrap(body));
    }
  }

  @Test
  void headerOnlyFrameWithSeparateBodyIsReadByTheirs() throws Exception {
    byte[] part1 = "first ".getBytes(UTF_8);
    byte[] part2 = "second".getBytes(UTF_8);
    RemotingCommand response =
        RemotingCommand.responseTo(
            RemotingCommand.request(RequestCode.PULL_MESSAGE, 5, Map.of(), null),
            ResponseCode.SUCCESS,
            null,
            Map.of(
                "nextBeginOffset",
                "3",
                "minOffset",
                "0",
                "maxOffset",
                "3",
                "suggestWhichBrokerId",
                "0"),
            null);
    ByteBuffer header =
        RemotingCommandEncoder.encodeHeader(
            response, part1.length + part2.length, SerializeType.JSON);
    ByteBuffer wire = ByteBuffer.allocate(header.remaining() + part1.length + part2.length);
    wire.put(header).put(part1).put(part2).flip();

    var theirs = decodeWithTheirs(wire);
    assertThat(new String(theirs.getBody(), UTF_8)).isEqualTo("first second");
    assertThat(theirs.getExtFields()).containsEntry("nextBeginOffset", "3");
  }

  private static org.apache.rocketmq.remoting.protocol.RemotingCommand decodeWithTheirs(
      ByteBuffer frameWithPrefix) throws Exception {
    int total = frameWithPrefix.getInt(0);
    assertThat(total).isEqualTo(frameWithPrefix.remaining() - 4);
    return org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(
        frameWithPrefix.slice(4, total));
  }

  private static void assertSameConstants(Class<?> ours, Class<?> theirs, int atLeast)
      throws Exception {
    int checked = 0;
    for (Field field : ours.getFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || field.getType() != int.class) {
        continue;
      }
      Field their = theirs.getField(field.getName());
      assertThat(((Number) their.get(null)).intValue())
          .as(field.getName())
          .isEqualTo(field.getInt(null));
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(atLeast);
  }
}
