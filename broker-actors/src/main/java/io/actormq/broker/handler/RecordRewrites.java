package io.actormq.broker.handler;

import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import java.nio.ByteBuffer;

/**
 * What parked, half and retried messages share: while they wait in a system topic their real
 * destination travels in {@code REAL_TOPIC} / {@code REAL_QID}, and when they move on they are
 * re-encoded as a new record (see {@link MessageRecord#toBuilder()}).
 */
public final class RecordRewrites {

  private static final String[] DELAY_PROPERTIES = {
    MessageProperties.DELAY,
    MessageProperties.TIMER_DELIVER_MS,
    MessageProperties.TIMER_DELAY_SEC,
    MessageProperties.TIMER_DELAY_MS
  };

  private RecordRewrites() {}

  /** {@code properties} with the real destination recorded. */
  public static String withRealDestination(String properties, String topic, int queueId) {
    String p = MessageProperties.put(properties, MessageProperties.REAL_TOPIC, topic);
    return MessageProperties.put(p, MessageProperties.REAL_QID, Integer.toString(queueId));
  }

  /** The real topic, or null if the record carries none. */
  public static String realTopic(MessageRecord m) {
    return m.property(MessageProperties.REAL_TOPIC);
  }

  /** The real queue id (0 if absent or malformed). */
  public static int realQueueId(MessageRecord m) {
    String qid = m.property(MessageProperties.REAL_QID);
    try {
      return qid == null ? 0 : Math.max(0, Integer.parseInt(qid));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The real queue id within {@code queueCount} queues, in case the topic shrank meanwhile. */
  public static int realQueueId(MessageRecord m, int queueCount) {
    return realQueueId(m) % Math.max(1, queueCount);
  }

  /** {@code properties} without the delay and timer properties, so the copy is not parked again. */
  public static String withoutDelay(String properties) {
    String p = properties;
    for (String name : DELAY_PROPERTIES) {
      p = MessageProperties.remove(p, name);
    }
    return p;
  }

  public static ByteBuffer encode(MessageRecord m) {
    return ByteBuffer.wrap(MessageRecordCodec.encode(m));
  }
}
