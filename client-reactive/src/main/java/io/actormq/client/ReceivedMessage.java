package io.actormq.client;

import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.message.MessageFormatException;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecordView;
import io.actormq.protocol.message.PropertyIndex;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

  // Marks "read, and there are none"; compared by identity, never handed out.
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String NO_TAGS = new String("");

  private final MessageQueue queue;
  private final boolean fromRetryTopic;

  /** The pull response's body (or one record), read in place at {@link #view}'s position. */
  private final ByteBuffer buf;

  /** A read-only duplicate of {@link #buf}, shared by every message of one pull. */
  private final ByteBuffer readOnlyBuf;

  private final MessageRecordView view;
  // Built on first use. Unsynchronised on purpose, like String.hash: two threads may both build
  // one, but each is immutable (final fields all the way down), so whichever is seen is complete.
  private PropertyIndex propertyIndex;
  private String msgId;
  private String tags;
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
    this(queue, fromRetryTopic, record, 0, record.asReadOnlyBuffer());
  }

  private ReceivedMessage(
      MessageQueue queue, boolean fromRetryTopic, ByteBuffer buf, int pos, ByteBuffer readOnlyBuf) {
    this.queue = queue;
    this.fromRetryTopic = fromRetryTopic;
    this.buf = buf;
    this.readOnlyBuf = readOnlyBuf;
    // Wrapped (and so checked) once: after this the view is only read, from any thread.
    this.view = new MessageRecordView().wrap(buf, pos);
  }

  /**
   * The messages of a PULL response body as a consumer receives them: one flyweight per record that
   * reads {@code body} in place (no copy, nothing decoded until asked for; nobody may write the
   * body's bytes afterwards). They carry no acknowledgement target: {@link #ack()} and {@link
   * #nack()} do nothing.
   *
   * @param fromRetryTopic whether {@code queue} is a retry topic's queue (see {@link #topic()})
   * @throws IllegalArgumentException if a record is truncated or malformed
   */
  public static List<ReceivedMessage> fromPullBody(
      MessageQueue queue, boolean fromRetryTopic, ByteBuffer body) {
    List<ReceivedMessage> out = new ArrayList<>();
    // The messages read the body in place: no slice per record, one read-only duplicate for all.
    ByteBuffer readOnly = body.asReadOnlyBuffer();
    int pos = body.position();
    int limit = body.limit();
    while (limit - pos >= 4) {
      int size = MessageRecordView.totalSize(body, pos);
      if (size <= 0 || pos + size > limit) {
        throw new IllegalArgumentException(
            "pull response of " + queue + " has a truncated record at byte " + pos);
      }
      try {
        out.add(new ReceivedMessage(queue, fromRetryTopic, body, pos, readOnly));
      } catch (MessageFormatException e) {
        throw new IllegalArgumentException(
            "pull response of " + queue + " has a malformed record at byte " + pos, e);
      }
      pos += size;
    }
    return out;
  }

  private PropertyIndex propertyIndex() {
    PropertyIndex index = propertyIndex;
    if (index == null) {
      index = PropertyIndex.of(buf, view.propertiesPosition(), view.propertiesLength());
      propertyIndex = index;
    }
    return index;
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
    return view.queueOffset();
  }

  public long commitLogOffset() {
    return view.commitLogOffset();
  }

  /** The producer's {@code UNIQ_KEY}, the id that survives redelivery. */
  public String msgId() {
    String id = msgId;
    if (id == null) {
      id = property(MessageProperties.UNIQ_KEY);
      if (id == null) {
        id = view.offsetMsgId();
      }
      msgId = id;
    }
    return id;
  }

  /** The node's storage id. */
  public String offsetMsgId() {
    return view.offsetMsgId();
  }

  public String tags() {
    String t = tags;
    if (t == null) {
      t = property(MessageProperties.TAGS);
      tags = t == null ? NO_TAGS : t;
    }
    return t == NO_TAGS ? null : t;
  }

  public String keys() {
    return property(MessageProperties.KEYS);
  }

  public int reconsumeTimes() {
    return view.reconsumeTimes();
  }

  public long bornTimestamp() {
    return view.bornTimestamp();
  }

  public long storeTimestamp() {
    return view.storeTimestamp();
  }

  public int flag() {
    return view.flag();
  }

  /** The body, read-only and shared with the pull response. */
  public ByteBuffer bodyBuffer() {
    return readOnlyBuf.slice(view.bodyPosition(), view.bodyLength());
  }

  public byte[] body() {
    byte[] out = new byte[view.bodyLength()];
    buf.get(view.bodyPosition(), out);
    return out;
  }

  public String bodyText() {
    return new String(body(), StandardCharsets.UTF_8);
  }

  public String property(String name) {
    return propertyIndex().get(name);
  }

  public Map<String, String> properties() {
    Map<String, String> map = propertyMap;
    if (map == null) {
      map =
          Map.copyOf(
              MessageProperties.decode(buf, view.propertiesPosition(), view.propertiesLength()));
      propertyMap = map;
    }
    return map;
  }

  /** The encoded property string, for re-sending the message unchanged. */
  String encodedProperties() {
    return view.properties();
  }

  @Override
  public String toString() {
    return "ReceivedMessage[" + queue + "@" + queueOffset() + "]";
  }
}
