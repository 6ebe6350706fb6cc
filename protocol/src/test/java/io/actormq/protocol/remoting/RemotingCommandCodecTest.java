package io.actormq.protocol.remoting;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RemotingCommandCodecTest {

  private static final String TRICKY = "quote\" backslash\\ nl\n tab\t ctl\u0001 é中😀 \u2028";

  private static RemotingCommand sample(String remark, byte[] body) {
    Map<String, String> ext = new LinkedHashMap<>();
    ext.put("topic", "T");
    ext.put("queueId", "3");
    ext.put("properties", "TAGS\u0001A\u0002KEYS\u0001k1 k2\u0002");
    ext.put("unicode-键", TRICKY);
    ext.put("empty", "");
    return RemotingCommand.of(
        RequestCode.SEND_MESSAGE_V2,
        LanguageCode.GO,
        401,
        -123456,
        RemotingCommand.ONEWAY_FLAG,
        remark,
        ext,
        body == null ? null : ByteBuffer.wrap(body));
  }

  private static RemotingCommand decodeFrame(ByteBuffer frame) {
    int total = frame.getInt(0);
    assertThat(total).isEqualTo(frame.remaining() - 4);
    return RemotingCommandDecoder.decode(frame.slice(4, total));
  }

  @ParameterizedTest
  @EnumSource(SerializeType.class)
  void roundTripsEveryField(SerializeType type) {
    for (String remark : new String[] {null, "", "plain", TRICKY}) {
      for (byte[] body : new byte[][] {null, {}, {1, 2, 3}, "body 中".getBytes(UTF_8)}) {
        RemotingCommand cmd = sample(remark, body);
        RemotingCommand back = decodeFrame(RemotingCommandEncoder.encode(cmd, type));
        // The binary layout cannot tell an empty remark from none, exactly like RocketMQ's.
        RemotingCommand expected = cmd;
        if (type == SerializeType.ROCKETMQ) {
          // Binary length 0 means null, exactly as in RocketMQ: empty strings do not survive.
          expected = cmd.withExtField("empty", null);
          expected = "".equals(remark) ? expected.withRemark(null) : expected;
        }
        assertThat(back).isEqualTo(expected);
        assertThat(back.isOneway()).isTrue();
        assertThat(back.isResponse()).isFalse();
      }
    }
  }

  @Test
  void headerWordCarriesTypeAndLength() {
    ByteBuffer json =
        RemotingCommandEncoder.encode(sample("r", new byte[] {9}), SerializeType.JSON);
    ByteBuffer bin =
        RemotingCommandEncoder.encode(sample("r", new byte[] {9}), SerializeType.ROCKETMQ);
    assertThat(json.get(4)).isZero();
    assertThat(bin.get(4)).isEqualTo((byte) 1);
    int headerLength = json.getInt(4) & 0xFFFFFF;
    assertThat(json.getInt(0)).isEqualTo(4 + headerLength + 1);
    assertThat(new String(json.array(), 8, headerLength, UTF_8))
        .startsWith(
            "{\"code\":310,\"language\":\"GO\",\"version\":401,\"opaque\":-123456,\"flag\":2")
        .contains("\"extFields\":{");
  }

  @Test
  void decodedBodyIsASliceOfTheFrameNotACopy() {
    ByteBuffer frame = RemotingCommandEncoder.encode(sample(null, new byte[] {7, 8, 9}));
    RemotingCommand cmd = decodeFrame(frame);
    ByteBuffer body = cmd.body();
    assertThat(body.array()).isSameAs(frame.array());
    assertThat(body.remaining()).isEqualTo(3);
    frame.put(frame.limit() - 1, (byte) 42);
    assertThat(cmd.body().get(2)).isEqualTo((byte) 42);
  }

  @Test
  void jsonDecodingSharesWellKnownNames() {
    RemotingCommand cmd =
        RemotingCommand.request(RequestCode.PULL_MESSAGE, 1, Map.of("topic", "T"), null);
    RemotingCommand back = decodeFrame(RemotingCommandEncoder.encode(cmd));
    String key = back.extFields().keySet().iterator().next();
    assertThat(key).isSameAs("topic");
  }

  @Test
  void decodingLeavesTheFramePositionAlone() {
    ByteBuffer frame = RemotingCommandEncoder.encode(sample(null, new byte[] {1}));
    ByteBuffer withoutPrefix = frame.slice(4, frame.remaining() - 4);
    RemotingCommandDecoder.decode(withoutPrefix);
    assertThat(withoutPrefix.position()).isZero();
  }

  @Test
  void directBuffersDecodeToo() {
    RemotingCommand cmd = sample(TRICKY, new byte[] {5, 6}).withExtField("empty", null);
    for (SerializeType type : SerializeType.values()) {
      ByteBuffer heap = RemotingCommandEncoder.encode(cmd, type);
      ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining() - 4);
      direct.put(heap.duplicate().position(4)).flip();
      RemotingCommand decoded = RemotingCommandDecoder.decode(direct);
      assertThat(decoded).isEqualTo(cmd);
      assertThat(decoded.body().isDirect()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(SerializeType.class)
  void headerOnlyEncodingGathersToTheSameFrame(SerializeType type) {
    RemotingCommand cmd = sample("x", null);
    ByteBuffer part1 = ByteBuffer.wrap(new byte[] {1, 2});
    ByteBuffer part2 = ByteBuffer.wrap(new byte[] {3, 4, 5});
    ByteBuffer header = RemotingCommandEncoder.encodeHeader(cmd, 5, type);
    ByteBuffer gathered = ByteBuffer.allocate(header.remaining() + 5);
    gathered.put(header).put(part1).put(part2).flip();

    ByteBuffer single =
        RemotingCommandEncoder.encode(
            cmd.withBody(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5})), type);
    assertThat(gathered).isEqualTo(single);

    ByteBuffer[] pieces =
        RemotingCommandEncoder.encodeForGather(
            cmd.withBody(ByteBuffer.wrap(new byte[] {1, 2})), type);
    assertThat(pieces).hasSize(2);
    assertThat(pieces[1]).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
    assertThat(RemotingCommandEncoder.encodeForGather(cmd, type)).hasSize(1);
  }

  @Test
  void responsesCopyOpaqueAndSetTheResponseBit() {
    RemotingCommand request =
        RemotingCommand.request(RequestCode.PULL_MESSAGE, 77, Map.of("topic", "T"), null);
    RemotingCommand response =
        RemotingCommand.responseTo(request, ResponseCode.PULL_NOT_FOUND, "no new message");
    assertThat(response.opaque()).isEqualTo(77);
    assertThat(response.isResponse()).isTrue();
    assertThat(response.isOneway()).isFalse();
    assertThat(response.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
    assertThat(response.version()).isEqualTo(RemotingCommand.DEFAULT_VERSION);
    assertThat(response.language()).isEqualTo(LanguageCode.JAVA);
    assertThat(response.extFields()).isEmpty();
    assertThat(request.asOneway().isOneway()).isTrue();
    assertThat(request.toString()).contains("PULL_MESSAGE").contains("opaque=77");
  }

  @Test
  void commandsAreImmutable() {
    Map<String, String> ext = new LinkedHashMap<>();
    ext.put("a", "1");
    ext.put("nullValue", null);
    RemotingCommand cmd = RemotingCommand.request(1, 1, ext, null);
    ext.put("b", "2");
    assertThat(cmd.extFields()).containsOnlyKeys("a");
    assertThatThrownBy(() -> cmd.extFields().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(cmd.withExtField("c", "3").extFields()).containsOnlyKeys("a", "c");
    assertThat(cmd.withExtField("a", null).extFields()).isEmpty();
    assertThat(cmd.extFields()).containsOnlyKeys("a");

    RemotingCommand withBody = cmd.withBody(ByteBuffer.wrap(new byte[] {1, 2}));
    withBody.body().get();
    assertThat(withBody.bodyLength()).isEqualTo(2);
    assertThat(cmd.withBody(ByteBuffer.allocate(0)).hasBody()).isFalse();
  }

  @Test
  void typedHeadersBecomeExtFields() {
    CommandHeader header = ext -> ext.put("topic", "T");
    RemotingCommand request = RemotingCommand.request(RequestCode.GET_MAX_OFFSET, 5, header, null);
    assertThat(request.extField("topic")).isEqualTo("T");
    RemotingCommand response =
        RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, header, null);
    assertThat(response.extFields()).isEqualTo(Map.of("topic", "T"));
  }

  @Test
  void binaryRejectsWhatItCannotCarry() {
    RemotingCommand pop = RemotingCommand.request(RequestCode.POP_MESSAGE, 1, Map.of(), null);
    assertThatThrownBy(() -> RemotingCommandEncoder.encode(pop, SerializeType.ROCKETMQ))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(decodeFrame(RemotingCommandEncoder.encode(pop)).code())
        .isEqualTo(RequestCode.POP_MESSAGE);
  }

  @ParameterizedTest
  @EnumSource(SerializeType.class)
  void headersBeyondTheTwentyFourBitLengthAreRefused(SerializeType type) {
    RemotingCommand huge =
        RemotingCommand.request(1, 1, Map.of(), null).withRemark("r".repeat(0x1000000));
    assertThatThrownBy(() -> RemotingCommandEncoder.encode(huge, type))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds 16 MiB");
    // The per-thread scratch recovers: the next, normal header still encodes.
    RemotingCommand small = sample("after", null);
    assertThat(decodeFrame(RemotingCommandEncoder.encode(small, SerializeType.JSON)))
        .isEqualTo(small);
  }

  @Test
  void jsonHeaderToleratesWhatOtherWritersSend() {
    String header =
        "{\"serializeTypeCurrentRPC\":\"JSON\",\"code\":\"34\",\"flag\":0,\"language\":\"RUST\","
            + " \"opaque\":12,\"remark\":null,\"version\":477,\"future\":{\"x\":[1,2]},"
            + "\"extFields\":{\"n\":5,\"b\":true,\"nil\":null,\"s\":\"v\"}}";
    RemotingCommand cmd = RemotingCommandDecoder.decode(frameOf(0, header.getBytes(UTF_8), 0));
    assertThat(cmd.code()).isEqualTo(34);
    assertThat(cmd.language()).isEqualTo(LanguageCode.RUST);
    assertThat(cmd.opaque()).isEqualTo(12);
    assertThat(cmd.version()).isEqualTo(477);
    assertThat(cmd.remark()).isNull();
    assertThat(cmd.extFields()).isEqualTo(Map.of("n", "5", "b", "true", "s", "v"));

    RemotingCommand minimal =
        RemotingCommandDecoder.decode(frameOf(0, "{\"language\":99}".getBytes(UTF_8), 0));
    assertThat(minimal.language()).isEqualTo(LanguageCode.OTHER);
    assertThat(minimal.extFields()).isEmpty();
  }

  @Test
  void malformedHeadersAreProtocolExceptions() {
    String[] bad = {
      "",
      "[]",
      "{\"code\":1",
      "{\"code\":1.5}",
      "{\"code\":\"x\"}",
      "{\"code\":4294967296}",
      "{\"remark\":5}",
      "{\"extFields\":{\"a\":{}}}",
      "{\"extFields\":[]}",
      "{} trailing"
    };
    for (String header : bad) {
      assertThatThrownBy(() -> RemotingCommandDecoder.decode(frameOf(0, header.getBytes(UTF_8), 0)))
          .as(header)
          .isInstanceOf(ProtocolException.class)
          .extracting(e -> ((ProtocolException) e).reason())
          .isEqualTo(ProtocolException.Reason.MALFORMED_HEADER);
    }
  }

  @Test
  void framingErrorsNameTheirReason() {
    assertReason(ByteBuffer.allocate(3), ProtocolException.Reason.FRAME_TOO_SMALL);
    assertReason(frameOf(2, new byte[0], 0), ProtocolException.Reason.UNKNOWN_SERIALIZE_TYPE);
    ByteBuffer lying = ByteBuffer.allocate(8).putInt(100).putInt(0);
    lying.flip();
    assertReason(lying, ProtocolException.Reason.BAD_HEADER_LENGTH);
    assertReason(frameOf(1, new byte[5], 0), ProtocolException.Reason.MALFORMED_HEADER);
  }

  @Test
  void binaryLengthsAreChecked() {
    byte[] header = binaryHeader(100, 0);
    assertReason(frameOf(1, header, 0), ProtocolException.Reason.MALFORMED_HEADER);
    header = binaryHeader(0, -1);
    assertReason(frameOf(1, header, 0), ProtocolException.Reason.MALFORMED_HEADER);
    // An ext block whose entry claims more than the block holds.
    ByteBuffer h = ByteBuffer.allocate(BinaryHeaderCodec.FIXED_LENGTH + 8);
    h.putShort((short) 1).put((byte) 0).putShort((short) 0).putInt(1).putInt(0).putInt(0);
    h.putInt(8).putShort((short) 1).put((byte) 'k').putInt(99).put((byte) 'v');
    assertReason(frameOf(1, h.array(), 0), ProtocolException.Reason.MALFORMED_HEADER);
  }

  private static byte[] binaryHeader(int remarkLen, int extLen) {
    ByteBuffer h = ByteBuffer.allocate(BinaryHeaderCodec.FIXED_LENGTH);
    h.putShort((short) 1).put((byte) 0).putShort((short) 0).putInt(1).putInt(0);
    h.putInt(remarkLen).putInt(extLen);
    return h.array();
  }

  private static void assertReason(ByteBuffer frame, ProtocolException.Reason reason) {
    assertThatThrownBy(() -> RemotingCommandDecoder.decode(frame))
        .isInstanceOf(ProtocolException.class)
        .extracting(e -> ((ProtocolException) e).reason())
        .isEqualTo(reason);
  }

  /** A frame without length prefix: header word, header, body of zeros. */
  static ByteBuffer frameOf(int type, byte[] header, int bodyLength) {
    ByteBuffer b = ByteBuffer.allocate(4 + header.length + bodyLength);
    b.putInt((type << 24) | header.length).put(header);
    return b.position(0);
  }
}
