package io.actormq.persistence.message;

import io.actormq.persistence.index.KeyIndex;
import io.actormq.persistence.log.RecordFormat;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecordView;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The RocketMQ message record (the wire layout of {@code protocol}) as a {@link RecordFormat}:
 * stored bytes are wire bytes, so a pull response is a slice of a segment.
 *
 * <p>At append time the record's {@code queueOffset} becomes its logical offset and its {@code
 * commitLogOffset} becomes {@code commitLogOffsetBase + physical position}. A per-queue log alone
 * does not make positions unique across queues, so the broker picks a base per queue and can map an
 * offsetMsgId back to its queue. The tag hash is {@code TAGS.hashCode()}; the keys are the
 * space-separated {@code KEYS} and the {@code UNIQ_KEY}.
 *
 * <p>Holds a reusable view: one instance per log (the log calls it on its writer thread only).
 */
public final class MessageRecordFormat implements RecordFormat {

  private final long commitLogOffsetBase;
  private final MessageRecordView view = new MessageRecordView();
  // The record the view is wrapped over: the log asks for tag hash and keys right after stamping
  // the same record, and wrapping re-checks the whole layout.
  private ByteBuffer viewBuffer;
  private int viewPosition = -1;

  public MessageRecordFormat(long commitLogOffsetBase) {
    this.commitLogOffsetBase = commitLogOffsetBase;
  }

  @Override
  public int validate(ByteBuffer buf, int pos, int limit) {
    return MessageRecordView.validate(buf, pos, limit);
  }

  @Override
  public long logicalOffset(ByteBuffer buf, int pos) {
    return MessageRecordView.queueOffset(buf, pos);
  }

  @Override
  public void stamp(ByteBuffer buf, int pos, long logicalOffset, long physicalPosition) {
    MessageRecordView.setQueueOffset(buf, pos, logicalOffset);
    MessageRecordView.setCommitLogOffset(buf, pos, commitLogOffsetBase + logicalOffset);
    wrap(buf, pos, true);
  }

  /** The view over the record at {@code pos}, wrapped anew unless it already is ({@code fresh}). */
  private MessageRecordView wrap(ByteBuffer buf, int pos, boolean fresh) {
    if (fresh || buf != viewBuffer || pos != viewPosition) {
      view.wrap(buf, pos);
      viewBuffer = buf;
      viewPosition = pos;
    }
    return view;
  }

  @Override
  public long storeTimestamp(ByteBuffer buf, int pos) {
    return MessageRecordView.storeTimestamp(buf, pos);
  }

  @Override
  public int tagHash(ByteBuffer buf, int pos) {
    return wrap(buf, pos, false).tagsHashCode();
  }

  @Override
  public void forEachKey(ByteBuffer buf, int pos, Consumer<String> sink) {
    wrap(buf, pos, false);
    String keys = view.findProperty(MessageProperties.KEYS);
    if (keys != null) {
      int start = 0;
      while (start < keys.length()) {
        int end = keys.indexOf(MessageProperties.KEY_SEPARATOR, start);
        if (end < 0) {
          end = keys.length();
        }
        if (end > start) {
          sink.accept(keys.substring(start, end));
        }
        start = end + 1;
      }
    }
    String uniqueKey = view.findProperty(MessageProperties.UNIQ_KEY);
    if (uniqueKey != null) {
      sink.accept(uniqueKey);
    }
  }

  /**
   * The same keys as {@link #forEachKey}, hashed where their bytes lie: a space never occurs inside
   * a multi-byte UTF-8 sequence, so splitting the bytes of KEYS at spaces splits it as the String.
   */
  @Override
  public void forEachKeyHash(ByteBuffer buf, int pos, IntConsumer sink) {
    wrap(buf, pos, false);
    int propsPos = view.propertiesPosition();
    int propsLen = view.propertiesLength();
    long keys = MessageProperties.find(buf, propsPos, propsLen, MessageProperties.KEYS);
    if (keys >= 0) {
      int end = MessageProperties.rangeOffset(keys) + MessageProperties.rangeLength(keys);
      int start = MessageProperties.rangeOffset(keys);
      for (int i = start; i <= end; i++) {
        if (i == end || buf.get(i) == (byte) MessageProperties.KEY_SEPARATOR) {
          if (i > start) {
            sink.accept(KeyIndex.hash(buf, start, i - start));
          }
          start = i + 1;
        }
      }
    }
    long uniqueKey = MessageProperties.find(buf, propsPos, propsLen, MessageProperties.UNIQ_KEY);
    if (uniqueKey >= 0) {
      sink.accept(
          KeyIndex.hash(
              buf,
              MessageProperties.rangeOffset(uniqueKey),
              MessageProperties.rangeLength(uniqueKey)));
    }
  }
}
