package io.actormq.broker.schedule;

import io.actormq.broker.handler.RecordRewrites;
import io.actormq.broker.topic.TopicValidator;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import java.nio.ByteBuffer;

/**
 * The shape of a message while it waits in the timer topic: stored under {@link #TIMER_TOPIC} queue
 * 0 with its destination in {@code REAL_TOPIC} / {@code REAL_QID} and its due time in {@code
 * TIMER_OUT_MS}, so the parked record alone says where and when it goes (the timer index can be
 * rebuilt from it).
 */
public final class ParkedRecords {

  /** The system topic parked messages wait in. */
  public static final String TIMER_TOPIC = TopicValidator.TIMER_TOPIC;

  private ParkedRecords() {}

  /** A message on its way to its destination, re-encoded for it. */
  public record Delivery(String topic, int queueId, ByteBuffer record) {}

  /** The properties a parked copy carries on top of the message's own. */
  public static String parkedProperties(
      String properties, String realTopic, int realQueueId, long deliverAt) {
    String p = RecordRewrites.withRealDestination(properties, realTopic, realQueueId);
    return MessageProperties.put(p, MessageProperties.TIMER_OUT_MS, Long.toString(deliverAt));
  }

  /**
   * The due time a parked record carries, or -1 if it carries none (then it was not parked by this
   * broker and is never delivered).
   */
  public static long deliverAtOf(MessageRecord parked) {
    String due = parked.property(MessageProperties.TIMER_OUT_MS);
    try {
      return due == null ? -1 : Long.parseLong(due);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The message as its destination stores it: real topic and queue, the delay properties gone (it
   * must not be parked again), stored now.
   *
   * @param queueCount the destination topic's write queues, in case it shrank meanwhile
   */
  public static Delivery unpark(MessageRecord parked, int queueCount, long now) {
    String topic = RecordRewrites.realTopic(parked);
    if (topic == null) {
      throw new IllegalArgumentException("parked record has no REAL_TOPIC");
    }
    int queueId = RecordRewrites.realQueueId(parked, queueCount);
    MessageRecord delivered =
        parked.toBuilder()
            .queueId(queueId)
            .queueOffset(0)
            .commitLogOffset(0)
            .storeTimestamp(now)
            .preparedTransactionOffset(0)
            .topic(topic)
            .properties(RecordRewrites.withoutDelay(parked.properties()))
            .build();
    return new Delivery(topic, queueId, RecordRewrites.encode(delivered));
  }

  public static String realTopicOf(MessageRecord parked) {
    return RecordRewrites.realTopic(parked);
  }
}
