package io.actormq.client;

import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.message.MessageProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A consumed message. Acknowledge it with {@link #ack()} once processed, or {@link #nack()} to have
 * it delivered again later; until then the group's committed offset of its queue stays at or before
 * it, so a crash re-delivers it. Either call may come from any thread; only the first counts.
 *
 * <p>The body is a read-only slice of the pull response, not a copy.
 */
public final class ReceivedMessage {

  /** Where acks and nacks go: the consumer session that delivered the message. */
  interface AckTarget {
    void ack(ReceivedMessage m);

    void nack(ReceivedMessage m, int delayLevel);
  }

  private final String topic;
  private final MessageQueue queue;
  private final long queueOffset;
  private final long commitLogOffset;
  private final String msgId;
  private final String offsetMsgId;
  private final String tags;
  private final int reconsumeTimes;
  private final long bornTimestamp;
  private final long storeTimestamp;
  private final int flag;
  private final ByteBuffer body;
  private final String properties;
  private Map<String, String> propertyMap;
  volatile AckTarget target;
  // Set on the session's lane: deliveries so far (ordered mode redelivers locally).
  int deliveries;

  ReceivedMessage(
      String topic,
      MessageQueue queue,
      long queueOffset,
      long commitLogOffset,
      String msgId,
      String offsetMsgId,
      String tags,
      int reconsumeTimes,
      long bornTimestamp,
      long storeTimestamp,
      int flag,
      ByteBuffer body,
      String properties) {
    this.topic = topic;
    this.queue = queue;
    this.queueOffset = queueOffset;
    this.commitLogOffset = commitLogOffset;
    this.msgId = msgId;
    this.offsetMsgId = offsetMsgId;
    this.tags = tags;
    this.reconsumeTimes = reconsumeTimes;
    this.bornTimestamp = bornTimestamp;
    this.storeTimestamp = storeTimestamp;
    this.flag = flag;
    this.body = body.asReadOnlyBuffer();
    this.properties = properties;
  }

  /** Acknowledges the message: processed, its offset may be committed. */
  public void ack() {
    AckTarget t = target;
    if (t != null) {
      t.ack(this);
    }
  }

  /** Negative acknowledgement: deliver it again later (via the group's retry topic). */
  public void nack() {
    nack(-1);
  }

  /** As {@link #nack()} with the delay level of the redelivery (0: the node's choice). */
  public void nack(int delayLevel) {
    AckTarget t = target;
    if (t != null) {
      t.nack(this, delayLevel);
    }
  }

  /** The topic the message was sent to (also for a redelivery read from the retry topic). */
  public String topic() {
    return topic;
  }

  /** The queue it was read from (a retry topic's queue for redeliveries). */
  public MessageQueue queue() {
    return queue;
  }

  public long queueOffset() {
    return queueOffset;
  }

  public long commitLogOffset() {
    return commitLogOffset;
  }

  /** The producer's {@code UNIQ_KEY}, the id that survives redelivery. */
  public String msgId() {
    return msgId;
  }

  public String offsetMsgId() {
    return offsetMsgId;
  }

  public String tags() {
    return tags;
  }

  public String keys() {
    return property(MessageProperties.KEYS);
  }

  public int reconsumeTimes() {
    return reconsumeTimes;
  }

  public long bornTimestamp() {
    return bornTimestamp;
  }

  public long storeTimestamp() {
    return storeTimestamp;
  }

  public int flag() {
    return flag;
  }

  public ByteBuffer bodyBuffer() {
    return body.duplicate();
  }

  public byte[] body() {
    byte[] out = new byte[body.remaining()];
    body.duplicate().get(out);
    return out;
  }

  public String bodyText() {
    return new String(body(), StandardCharsets.UTF_8);
  }

  public String property(String name) {
    return properties().get(name);
  }

  public synchronized Map<String, String> properties() {
    if (propertyMap == null) {
      propertyMap = Map.copyOf(MessageProperties.decode(properties == null ? "" : properties));
    }
    return propertyMap;
  }

  /** The encoded property string, for re-sending the message unchanged. */
  String encodedProperties() {
    return properties;
  }

  @Override
  public String toString() {
    return "ReceivedMessage[" + queue + "@" + queueOffset + " " + msgId + "]";
  }
}
