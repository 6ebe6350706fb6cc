package io.actormq.protocol.message;

import static io.actormq.protocol.message.Records.BORN_V4;
import static io.actormq.protocol.message.Records.BORN_V6;
import static io.actormq.protocol.message.Records.STORE_V4;
import static io.actormq.protocol.message.Records.STORE_V6;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageClientExt;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Records encoded by the official RocketMQ classes decode with ours, and the reverse. */
class MessageRecordInteropTest {

  @ParameterizedTest(name = "bornV6={0} storeV6={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void theirEncodingDecodesWithOurs(boolean bornV6, boolean storeV6) throws Exception {
    MessageRecord expected =
        Records.sample()
            .bornHost(bornV6 ? BORN_V6 : BORN_V4)
            .storeHost(storeV6 ? STORE_V6 : STORE_V4)
            .build();
    byte[] theirs = MessageDecoder.encode(toTheirs(expected), false);

    ByteBuffer buf = ByteBuffer.wrap(theirs);
    assertThat(MessageRecordView.validate(buf, 0, theirs.length)).isEqualTo(theirs.length);
    MessageRecord ours = MessageRecordCodec.decode(buf);
    assertThat(ours).isEqualTo(expected);
    assertThat(ours.propertyMap()).isEqualTo(expected.propertyMap());
    assertThat(buf.hasRemaining()).isFalse();
    assertThat(MessageRecordCodec.encode(ours)).isEqualTo(theirs); // byte for byte
  }

  @ParameterizedTest(name = "bornV6={0} storeV6={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void ourEncodingDecodesWithTheirs(boolean bornV6, boolean storeV6) {
    MessageRecord m =
        Records.sample()
            .bornHost(bornV6 ? BORN_V6 : BORN_V4)
            .storeHost(storeV6 ? STORE_V6 : STORE_V4)
            .build();
    MessageExt theirs = MessageDecoder.decode(Records.encode(m));

    assertThat(theirs).isNotNull();
    assertSame(m, theirs);
    assertThat(theirs.getMsgId())
        .isEqualTo(MessageIds.offsetMsgId(m.storeHost(), m.commitLogOffset()));
  }

  @Test
  void longTopicUsesMagicV2BothWays() throws Exception {
    String topic = "T".repeat(100) + "ü".repeat(20); // 140 UTF-8 bytes
    MessageRecord m = Records.sample().topic(topic).build();
    ByteBuffer ours = Records.encode(m);
    assertThat(ours.getInt(4)).isEqualTo(MessageDecoder.MESSAGE_MAGIC_CODE_V2);
    assertSame(m, MessageDecoder.decode(ours.duplicate()));

    // MessageDecoder.encode only writes V1, so lay out V2 by hand the way their broker does.
    byte[] theirsV2 = handEncodeV2(toTheirs(m));
    assertThat(MessageDecoder.decode(ByteBuffer.wrap(theirsV2)).getTopic()).isEqualTo(topic);
    assertThat(MessageRecordCodec.decode(ByteBuffer.wrap(theirsV2))).isEqualTo(m);
    assertThat(theirsV2).isEqualTo(ours.array());
  }

  @Test
  void shortTopicUsesMagicV1() {
    ByteBuffer ours = Records.encode(Records.sample().topic("t".repeat(127)).build());
    assertThat(ours.getInt(4)).isEqualTo(MessageDecoder.MESSAGE_MAGIC_CODE);
  }

  @Test
  void compressedBodyPassesThroughUntouched() throws Exception {
    byte[] plain = "payload ".repeat(1000).getBytes(StandardCharsets.UTF_8);
    byte[] zipped = zlib(plain);
    MessageRecord m = Records.sample().sysFlag(SysFlag.COMPRESSED).body(zipped).build();

    MessageExt theirs = MessageDecoder.decode(Records.encode(m)); // decompresses
    assertThat(theirs.getBody()).isEqualTo(plain);
    // (their decoder clears the compressed bit once it has inflated the body)

    MessageExt source = toTheirs(m);
    byte[] theirBytes = MessageDecoder.encode(source, false); // body already compressed
    MessageRecord ours = MessageRecordCodec.decode(ByteBuffer.wrap(theirBytes));
    assertThat(ours.bodyBytes()).isEqualTo(zipped);
    assertThat(SysFlag.isCompressed(ours.sysFlag())).isTrue();
    assertThat(SysFlag.compressionType(ours.sysFlag())).isEqualTo(SysFlag.COMPRESSION_ZLIB);
  }

  @Test
  void manyRecordsInOnePullBody() {
    List<MessageRecord> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(
          Records.sample()
              .queueOffset(100 + i)
              .commitLogOffset(1000L * i)
              .bornHost(i % 2 == 0 ? BORN_V4 : BORN_V6)
              .storeHost(i % 3 == 0 ? STORE_V4 : STORE_V6)
              .topic(i == 4 ? "x".repeat(200) : "T" + i)
              .body(new byte[i * 10])
              .build());
    }
    ByteBuffer buf = ByteBuffer.allocate(records.stream().mapToInt(MessageRecordCodec::size).sum());
    records.forEach(r -> MessageRecordCodec.encode(r, buf));
    buf.flip();

    List<MessageExt> theirs = MessageDecoder.decodes(buf.duplicate());
    assertThat(theirs).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertSame(records.get(i), theirs.get(i));
      assertThat(((MessageClientExt) theirs.get(i)).getOffsetMsgId())
          .isEqualTo(new MessageRecordView().wrap(buf, offsetOf(records, i)).offsetMsgId());
    }
    assertThat(MessageRecordCodec.decodeAll(buf)).isEqualTo(records);
  }

  @Test
  void theirManyRecordsDecodeWithOurs() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<MessageRecord> expected = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      MessageRecord m =
          Records.sample().queueOffset(i).bornHost(i % 2 == 0 ? BORN_V4 : BORN_V6).build();
      expected.add(m);
      out.write(MessageDecoder.encode(toTheirs(m), false));
    }
    assertThat(MessageRecordCodec.decodeAll(ByteBuffer.wrap(out.toByteArray())))
        .isEqualTo(expected);
  }

  private static int offsetOf(List<MessageRecord> records, int index) {
    int pos = 0;
    for (int i = 0; i < index; i++) {
      pos += MessageRecordCodec.size(records.get(i));
    }
    return pos;
  }

  static void assertSame(MessageRecord m, MessageExt theirs) {
    assertThat(theirs.getQueueId()).isEqualTo(m.queueId());
    assertThat(theirs.getFlag()).isEqualTo(m.flag());
    assertThat(theirs.getQueueOffset()).isEqualTo(m.queueOffset());
    assertThat(theirs.getCommitLogOffset()).isEqualTo(m.commitLogOffset());
    assertThat(theirs.getSysFlag()).isEqualTo(m.sysFlag());
    assertThat(theirs.getBornTimestamp()).isEqualTo(m.bornTimestamp());
    assertThat(theirs.getBornHost()).isEqualTo(m.bornHost().toInetSocketAddress());
    assertThat(theirs.getStoreTimestamp()).isEqualTo(m.storeTimestamp());
    assertThat(theirs.getStoreHost()).isEqualTo(m.storeHost().toInetSocketAddress());
    assertThat(theirs.getReconsumeTimes()).isEqualTo(m.reconsumeTimes());
    assertThat(theirs.getPreparedTransactionOffset()).isEqualTo(m.preparedTransactionOffset());
    if (!SysFlag.isCompressed(m.sysFlag())) {
      assertThat(theirs.getBody()).isEqualTo(m.bodyLength() == 0 ? null : m.bodyBytes());
    }
    assertThat(theirs.getBodyCRC()).isEqualTo(crc(m.bodyBytes()));
    assertThat(theirs.getTopic()).isEqualTo(m.topic());
    assertThat(theirs.getProperties()).isEqualTo(m.propertyMap());
  }

  static MessageExt toTheirs(MessageRecord m) {
    MessageExt e = new MessageExt();
    e.setQueueId(m.queueId());
    e.setFlag(m.flag());
    e.setQueueOffset(m.queueOffset());
    e.setCommitLogOffset(m.commitLogOffset());
    e.setSysFlag(m.sysFlag());
    e.setBornTimestamp(m.bornTimestamp());
    e.setBornHost(m.bornHost().toInetSocketAddress());
    e.setStoreTimestamp(m.storeTimestamp());
    e.setStoreHost(m.storeHost().toInetSocketAddress());
    e.setReconsumeTimes(m.reconsumeTimes());
    e.setPreparedTransactionOffset(m.preparedTransactionOffset());
    e.setBody(m.bodyBytes());
    e.setBodyCRC(crc(m.bodyBytes()));
    e.setTopic(m.topic());
    MessageAccessor.setProperties(e, m.propertyMap());
    return e;
  }

  /** The V2 layout as RocketMQ's broker-side encoder writes it: i16 topic length. */
  private static byte[] handEncodeV2(MessageExt e) {
    byte[] topic = e.getTopic().getBytes(StandardCharsets.UTF_8);
    byte[] props =
        MessageDecoder.messageProperties2String(e.getProperties()).getBytes(StandardCharsets.UTF_8);
    byte[] born = e.getBornHostBytes().array();
    byte[] store = e.getStoreHostBytes().array();
    int size =
        4
            + 4
            + 4
            + 4
            + 4
            + 8
            + 8
            + 4
            + 8
            + born.length
            + 8
            + store.length
            + 4
            + 8
            + 4
            + e.getBody().length
            + 2
            + topic.length
            + 2
            + props.length;
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(size)
        .putInt(MessageDecoder.MESSAGE_MAGIC_CODE_V2)
        .putInt(e.getBodyCRC())
        .putInt(e.getQueueId())
        .putInt(e.getFlag())
        .putLong(e.getQueueOffset())
        .putLong(e.getCommitLogOffset())
        .putInt(e.getSysFlag())
        .putLong(e.getBornTimestamp())
        .put(born)
        .putLong(e.getStoreTimestamp())
        .put(store)
        .putInt(e.getReconsumeTimes())
        .putLong(e.getPreparedTransactionOffset())
        .putInt(e.getBody().length)
        .put(e.getBody())
        .putShort((short) topic.length)
        .put(topic)
        .putShort((short) props.length)
        .put(props);
    return b.array();
  }

  static int crc(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return (int) crc.getValue() & 0x7FFFFFFF;
  }

  private static byte[] zlib(byte[] plain) {
    Deflater d = new Deflater(5);
    d.setInput(plain);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    while (!d.finished()) {
      out.write(chunk, 0, d.deflate(chunk));
    }
    d.end();
    return out.toByteArray();
  }
}
