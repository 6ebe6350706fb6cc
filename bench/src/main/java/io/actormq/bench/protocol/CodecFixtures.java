package io.actormq.bench.protocol;

import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import io.actormq.protocol.remoting.RemotingCommand;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The inputs both codecs get in the protocol benchmarks: one realistic SEND_MESSAGE_V2 request (the
 * header a 5.x producer sends, 1 KiB body) and 32 stored records of about 1 KiB for a pull
 * response. Everything here is built once per trial and is identical for ours and theirs.
 */
final class CodecFixtures {

  private CodecFixtures() {}

  static final int BODY_BYTES = 1024;
  static final int PULL_RECORDS = 32;
  static final int RECORD_BYTES = 1024;

  // SEND_MESSAGE_V2 header, as DefaultMQProducer fills it for a plain sync send.
  static final String PRODUCER_GROUP = "order-service-producer";
  static final String TOPIC = "OrderEvents";
  static final String DEFAULT_TOPIC = "TBW102";
  static final int DEFAULT_TOPIC_QUEUE_NUMS = 4;
  static final int QUEUE_ID = 3;
  static final int SYS_FLAG = 0;
  static final long BORN_TIMESTAMP = 1_717_171_717_171L;
  static final int FLAG = 0;
  static final int RECONSUME_TIMES = 0;
  static final boolean UNIT_MODE = false;
  static final boolean BATCH = false;
  static final String BROKER_NAME = "broker-a";
  static final String UNIQ_KEY = "7F0000010B6A18B4AAC27C4F3E2A0000";

  /**
   * The encoded property string ({@code k\u0001v\u0002}, with the trailing separator RocketMQ's
   * {@code MessageDecoder.messageProperties2String} writes): TAGS, KEYS, UNIQ_KEY and WAIT.
   */
  static final String PROPERTIES =
      props(
          "TAGS", "TagA", "KEYS", "order-10086 order-10087", "UNIQ_KEY", UNIQ_KEY, "WAIT", "true");

  // PULL_MESSAGE response header.
  static final long BASE_QUEUE_OFFSET = 1_234_567L;
  static final long BASE_COMMIT_LOG_OFFSET = 9_876_543_210L;
  static final long MIN_OFFSET = 1_000L;
  static final long MAX_OFFSET = BASE_QUEUE_OFFSET + 10_000;
  static final long NEXT_BEGIN_OFFSET = BASE_QUEUE_OFFSET + PULL_RECORDS;
  static final int PULL_OPAQUE = 4242;

  /** The official broker's pull remark: {@code GetMessageStatus.FOUND.name()}. */
  static final String PULL_REMARK = "FOUND";

  static String props(String... kv) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      sb.append(kv[i])
          .append(MessageProperties.NAME_VALUE_SEPARATOR)
          .append(kv[i + 1])
          .append(MessageProperties.PROPERTY_SEPARATOR);
    }
    return sb.toString();
  }

  static byte[] body(int size, long seed) {
    byte[] b = new byte[size];
    Random r = new Random(seed);
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ('a' + r.nextInt(26)); // text-like payload, as most producers send
    }
    return b;
  }

  /** Our typed SEND_MESSAGE_V2 header. */
  static io.actormq.protocol.header.SendMessageRequestHeaderV2 oursSendHeader() {
    return new io.actormq.protocol.header.SendMessageRequestHeaderV2(
        PRODUCER_GROUP,
        TOPIC,
        DEFAULT_TOPIC,
        DEFAULT_TOPIC_QUEUE_NUMS,
        QUEUE_ID,
        SYS_FLAG,
        BORN_TIMESTAMP,
        FLAG,
        PROPERTIES,
        RECONSUME_TIMES,
        UNIT_MODE,
        null,
        BATCH,
        BROKER_NAME);
  }

  /**
   * RocketMQ's SEND_MESSAGE_V2 header, built the way {@code MQClientAPIImpl} does: a V1 header
   * converted with {@code createSendMessageRequestHeaderV2} (the only way to set {@code n}).
   */
  static org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2
      theirsSendHeader() {
    var v1 = new org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader();
    v1.setProducerGroup(PRODUCER_GROUP);
    v1.setTopic(TOPIC);
    v1.setDefaultTopic(DEFAULT_TOPIC);
    v1.setDefaultTopicQueueNums(DEFAULT_TOPIC_QUEUE_NUMS);
    v1.setQueueId(QUEUE_ID);
    v1.setSysFlag(SYS_FLAG);
    v1.setBornTimestamp(BORN_TIMESTAMP);
    v1.setFlag(FLAG);
    v1.setProperties(PROPERTIES);
    v1.setReconsumeTimes(RECONSUME_TIMES);
    v1.setUnitMode(UNIT_MODE);
    v1.setBatch(BATCH);
    v1.setBrokerName(BROKER_NAME);
    return org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2
        .createSendMessageRequestHeaderV2(v1);
  }

  /**
   * A direct buffer (standing in for a mapped log segment) holding {@link #PULL_RECORDS} stored
   * records of {@link #RECORD_BYTES} bytes back to back, each with its own offsets, UNIQ_KEY and
   * KEYS.
   */
  static ByteBuffer storedRecords() {
    HostAddress born = HostAddress.of(new byte[] {10, 0, 0, 17}, 53_211);
    HostAddress store = HostAddress.of(new byte[] {10, 0, 0, 5}, 10_911);
    ByteBuffer segment = ByteBuffer.allocateDirect(PULL_RECORDS * RECORD_BYTES);
    int pos = 0;
    for (int i = 0; i < PULL_RECORDS; i++) {
      String props =
          props(
              "TAGS",
              "TagA",
              "KEYS",
              "order-" + (10_000 + i),
              "UNIQ_KEY",
              UNIQ_KEY.substring(0, 28) + String.format("%04X", i),
              "WAIT",
              "true");
      MessageRecord empty = record(i, born, store, props, new byte[0]);
      int bodyLength = RECORD_BYTES - MessageRecordCodec.size(empty);
      MessageRecord m = record(i, born, store, props, body(bodyLength, i));
      pos += MessageRecordCodec.encode(m, segment, pos);
    }
    return segment.limit(pos).position(0);
  }

  private static MessageRecord record(
      int i, HostAddress born, HostAddress store, String props, byte[] body) {
    return MessageRecord.builder()
        .queueId(QUEUE_ID)
        .queueOffset(BASE_QUEUE_OFFSET + i)
        .commitLogOffset(BASE_COMMIT_LOG_OFFSET + (long) i * RECORD_BYTES)
        .bornTimestamp(BORN_TIMESTAMP + i)
        .bornHost(born)
        .storeTimestamp(BORN_TIMESTAMP + i + 3)
        .storeHost(store)
        .body(body)
        .topic(TOPIC)
        .properties(props)
        .build();
  }

  /**
   * One read-only slice per record, as both storage engines hand them to the pull path (ours: the
   * runs of a {@code ReadResult}; RocketMQ: one {@code SelectMappedBufferResult} per message).
   */
  static ByteBuffer[] recordSlices(ByteBuffer segment) {
    ByteBuffer[] slices = new ByteBuffer[PULL_RECORDS];
    int pos = 0;
    for (int i = 0; i < PULL_RECORDS; i++) {
      int size = segment.getInt(pos);
      slices[i] = segment.slice(pos, size).asReadOnlyBuffer();
      pos += size;
    }
    return slices;
  }

  /** The remaining bytes of all buffers, concatenated. */
  static byte[] concat(ByteBuffer... buffers) {
    int n = 0;
    for (ByteBuffer b : buffers) {
      n += b.remaining();
    }
    byte[] out = new byte[n];
    int p = 0;
    for (ByteBuffer b : buffers) {
      int len = b.remaining();
      b.duplicate().get(out, p, len);
      p += len;
    }
    return out;
  }

  /** A whole frame without its 4-byte length prefix: what RocketMQ's decoders take. */
  static byte[] stripLengthPrefix(byte[] frame) {
    return Arrays.copyOfRange(frame, 4, frame.length);
  }

  static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("benchmark fixture check failed: " + what);
    }
  }

  /** The sink a connection gives our FrameDecoder: keeps the last command. */
  static final class LastCommand implements Consumer<RemotingCommand> {
    private RemotingCommand last;

    @Override
    public void accept(RemotingCommand cmd) {
      last = cmd;
    }

    RemotingCommand take() {
      RemotingCommand c = last;
      last = null;
      return c;
    }
  }
}
