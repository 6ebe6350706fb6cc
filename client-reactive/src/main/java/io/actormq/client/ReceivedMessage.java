package io.actormq.client;

import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecordView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A consumed message. Acknowledge it with {@link #ack()} once processed, or {@link #nack()} to have
 * it delivered again later; until then the group's committed offset of its queue stays at or before
 * it, so a crash re-delivers it. Either call may come from any thread; only the first counts.
 *
 * <p>A flyweight over the record's bytes in the pull response (no copy): fields are read from them
 * when asked for, so a subscriber pays only for what it looks at.
 */
public final class ReceivedMessage {

  /** Where acks and nacks go: the consumer session that delivered the message. */
  interface AckTarget {
    void ack(ReceivedMessage m);

    void nack(ReceivedMessage m, int delayLevel);
  }

  private final MessageQueue queue;
  private final boolean fromRetryTopic;
  private final ByteBuffer record;
  private final long queueOffset;
  private String msgId;
  private String tags;
  private boolean tagsRead;
  private Map<String, String> propertyMap;
  volatile AckTarget target;
  // The delivering session's state of the queue; read and written on its lane only.
  QueueState owner;
  // Set on the session's lane: deliveries so far (ordered mode redelivers locally).
  int deliveries;

  /**
   * @param queue the queue the record was pulled from
   * @param fromRetryTopic whether that is the group's retry topic (the real topic is then a
   *     property)
   * @param record exactly one stored record, position 0
   */
  ReceivedMessage(MessageQueue queue, boolean fromRetryTopic, ByteBuffer record) {
    this.queue = queue;
    this.fromRetryTopic = fromRetryTopic;
    this.record = record;
    this.queueOffset = MessageRecordView.queueOffset(record, 0);
  }

  private MessageRecordView view() {
    return new MessageRecordView().wrap(record, 0);
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
    if (fromRetryTopic) {
      String real = property(MessageProperties.RETRY_TOPIC);
      if (real != null) {
        return real;
      }
    }
    return queue.topic();
  }

  /** The queue it was read from (a retry topic's queue for redeliveries). */
  public MessageQueue queue() {
    return queue;
  }

  public long queueOffset() {
    return queueOffset;
  }

  public long commitLogOffset() {
    return MessageRecordView.commitLogOffset(record, 0);
  }

  /** The producer's {@code UNIQ_KEY}, the id that survives redelivery. */
  public synchronized String msgId() {
    if (msgId == null) {
      MessageRecordView v = view();
      String uniq = v.findProperty(MessageProperties.UNIQ_KEY);
      msgId = uniq != null ? uniq : v.offsetMsgId();
    }
    return msgId;
  }

  /** The node's storage id. */
  public String offsetMsgId() {
    return view().offsetMsgId();
  }

  public synchronized String tags() {
    if (!tagsRead) {
      tags = view().findProperty(MessageProperties.TAGS);
      tagsRead = true;
    }
    return tags;
  }

  public String keys() {
    return property(MessageProperties.KEYS);
  }

  public int reconsumeTimes() {
    return view().reconsumeTimes();
  }

  public long bornTimestamp() {
    return view().bornTimestamp();
  }

  public long storeTimestamp() {
    return view().storeTimestamp();
  }

  public int flag() {
    return view().flag();
  }

  /** The body, read-only and shared with the pull response. */
  public ByteBuffer bodyBuffer() {
    return view().body().asReadOnlyBuffer();
  }

  public byte[] body() {
    ByteBuffer b = view().body();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  public String bodyText() {
    return new String(body(), StandardCharsets.UTF_8);
  }

  public String property(String name) {
    return view().findProperty(name);
  }

  public synchronized Map<String, String> properties() {
    if (propertyMap == null) {
      MessageRecordView v = view();
      propertyMap =
          Map.copyOf(
              MessageProperties.decode(record, v.propertiesPosition(), v.propertiesLength()));
    }
    return propertyMap;
  }

  /** The encoded property string, for re-sending the message unchanged. */
  String encodedProperties() {
    return view().properties();
  }

  @Override
  public String toString() {
    return "ReceivedMessage[" + queue + "@" + queueOffset + "]";
  }
}
