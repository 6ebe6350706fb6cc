package io.actormq.broker.schedule;

import io.actormq.broker.topic.TopicValidator;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
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

  private static final String[] DELAY_PROPERTIES = {
    MessageProperties.DELAY,
    MessageProperties.TIMER_DELIVER_MS,
    MessageProperties.TIMER_DELAY_SEC,
    MessageProperties.TIMER_DELAY_MS
  };

  private ParkedRecords() {}

  /** A message on its way to its destination, re-encoded for it. */
  public record Delivery(String topic, int queueId, ByteBuffer record) {}

  /** The properties a parked copy carries on top of the message's own. */
  public static String parkedProperties(
      String properties, String realTopic, int realQueueId, long deliverAt) {
    String p = MessageProperties.put(properties, MessageProperties.REAL_TOPIC, realTopic);
    p = MessageProperties.put(p, MessageProperties.REAL_QID, Integer.toString(realQueueId));
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
    String topic = parked.property(MessageProperties.REAL_TOPIC);
    if (topic == null) {
      throw new IllegalArgumentException("parked record has no REAL_TOPIC");
    }
    int queueId = realQueueId(parked) % Math.max(1, queueCount);
    String properties = parked.properties();
    for (String name : DELAY_PROPERTIES) {
      properties = MessageProperties.remove(properties, name);
    }
    MessageRecord delivered =
        new MessageRecord(
            queueId,
            parked.flag(),
            0,
            0,
            parked.sysFlag(),
            parked.bornTimestamp(),
            parked.bornHost(),
            now,
            parked.storeHost(),
            parked.reconsumeTimes(),
            0,
            parked.body(),
            topic,
            properties);
    ByteBuffer out = ByteBuffer.allocate(MessageRecordCodec.size(delivered));
    MessageRecordCodec.encode(delivered, out, 0);
    return new Delivery(topic, queueId, out);
  }

  public static String realTopicOf(MessageRecord parked) {
    return parked.property(MessageProperties.REAL_TOPIC);
  }

  private static int realQueueId(MessageRecord parked) {
    String qid = parked.property(MessageProperties.REAL_QID);
    try {
      return qid == null ? 0 : Math.max(0, Integer.parseInt(qid));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
