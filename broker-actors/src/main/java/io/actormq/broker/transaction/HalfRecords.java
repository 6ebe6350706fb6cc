package io.actormq.broker.transaction;

import io.actormq.broker.handler.RecordRewrites;
import io.actormq.broker.topic.TopicValidator;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.SysFlag;
import java.nio.ByteBuffer;

/**
 * The records of a transaction. A <em>half</em> message waits in {@link
 * TopicValidator#TRANS_HALF_TOPIC} queue 0 with its destination in {@code REAL_TOPIC} / {@code
 * REAL_QID}. Every decision about it is an <em>op</em> record in {@link
 * TopicValidator#TRANS_OP_HALF_TOPIC} queue 0 whose body is the half's queue offset and the kind of
 * op; the half log and the op log together are the whole durable state of the transactions.
 */
public final class HalfRecords {

  public static final String HALF_TOPIC = TopicValidator.TRANS_HALF_TOPIC;
  public static final String OP_TOPIC = TopicValidator.TRANS_OP_HALF_TOPIC;
  public static final String DISCARD_TOPIC = TopicValidator.TRANS_CHECK_MAX_TIME_TOPIC;

  /** What an op record says about a half message. */
  public enum Op {
    /** Committed: a copy goes to the real topic. */
    COMMIT('c'),
    /** The committed copy is stored in the real queue. */
    APPLIED('a'),
    ROLLBACK('r'),
    /** A check was sent to the producer group (counted towards the maximum). */
    CHECKED('k'),
    /** Open through every check: given up. */
    DISCARD('d');

    final char tag;

    Op(char tag) {
      this.tag = tag;
    }

    static Op of(byte tag) {
      for (Op op : values()) {
        if (op.tag == tag) {
          return op;
        }
      }
      return null;
    }
  }

  /** An op record read back: which half, and what happened to it. */
  public record OpEntry(long halfOffset, Op op) {}

  /** A message bound for a real queue. */
  public record Destination(String topic, int queueId, ByteBuffer record) {}

  private HalfRecords() {}

  /** The properties a half message is stored with on top of the sent ones. */
  public static String halfProperties(String properties, String realTopic, int realQueueId) {
    return RecordRewrites.withRealDestination(properties, realTopic, realQueueId);
  }

  /**
   * The committed copy: the real topic and queue, the commit bits in the sysFlag, no longer marked
   * prepared, stored now.
   *
   * @param queueCount the real topic's write queues, in case it shrank meanwhile
   */
  public static Destination committed(MessageRecord half, int queueCount, long now) {
    MessageRecord copy =
        half.toBuilder()
            .queueId(RecordRewrites.realQueueId(half, queueCount))
            .queueOffset(0)
            .commitLogOffset(0)
            .sysFlag(SysFlag.withTransactionType(half.sysFlag(), SysFlag.TRANSACTION_COMMIT))
            .storeTimestamp(now)
            .preparedTransactionOffset(half.queueOffset())
            .topic(realTopicOf(half))
            .properties(MessageProperties.remove(half.properties(), MessageProperties.TRAN_MSG))
            .build();
    return new Destination(copy.topic(), copy.queueId(), RecordRewrites.encode(copy));
  }

  /**
   * The half message as the producer's check listener gets it (CHECK_TRANSACTION_STATE's body): its
   * real topic and queue, with the half's offsets so the producer can name it in its answer.
   */
  public static ByteBuffer checkBody(MessageRecord half) {
    return RecordRewrites.encode(
        half.toBuilder()
            .queueId(RecordRewrites.realQueueId(half))
            .topic(realTopicOf(half))
            .build());
  }

  /** The half stored as-is in the discard topic, so operators can consume what was given up. */
  public static ByteBuffer discarded(MessageRecord half, long now) {
    return RecordRewrites.encode(
        half.toBuilder()
            .queueId(0)
            .queueOffset(0)
            .commitLogOffset(0)
            .storeTimestamp(now)
            .preparedTransactionOffset(0)
            .topic(DISCARD_TOPIC)
            .build());
  }

  public static ByteBuffer op(long halfOffset, Op op, HostAddress host, long now) {
    ByteBuffer body = ByteBuffer.allocate(9).putLong(0, halfOffset).put(8, (byte) op.tag);
    return RecordRewrites.encode(
        MessageRecord.builder()
            .bornTimestamp(now)
            .bornHost(host)
            .storeTimestamp(now)
            .storeHost(host)
            .body(body)
            .topic(OP_TOPIC)
            .properties(MessageProperties.put("", MessageProperties.TAGS, String.valueOf(op.tag)))
            .build());
  }

  /** The op a record of the op log says, or null if it is not one of ours. */
  public static OpEntry parseOp(MessageRecord record) {
    ByteBuffer body = record.body();
    if (body.remaining() != 9) {
      return null;
    }
    Op op = Op.of(body.get(8));
    return op == null ? null : new OpEntry(body.getLong(0), op);
  }

  public static String realTopicOf(MessageRecord half) {
    return RecordRewrites.realTopic(half);
  }

  public static String producerGroupOf(MessageRecord half) {
    return half.property(MessageProperties.PGROUP);
  }

  /** The check immunity the message asks for, in seconds, or -1. */
  public static long immunitySecondsOf(MessageRecord half) {
    String value = half.property(MessageProperties.CHECK_IMMUNITY_TIME_IN_SECONDS);
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
