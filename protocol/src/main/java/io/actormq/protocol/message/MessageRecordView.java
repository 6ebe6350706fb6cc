package io.actormq.protocol.message;

import static io.actormq.protocol.message.MessageLayout.BODY_CRC_POSITION;
import static io.actormq.protocol.message.MessageLayout.BORN_HOST_POSITION;
import static io.actormq.protocol.message.MessageLayout.BORN_TIMESTAMP_POSITION;
import static io.actormq.protocol.message.MessageLayout.COMMIT_LOG_OFFSET_POSITION;
import static io.actormq.protocol.message.MessageLayout.FLAG_POSITION;
import static io.actormq.protocol.message.MessageLayout.MAGIC_POSITION;
import static io.actormq.protocol.message.MessageLayout.MAGIC_V1;
import static io.actormq.protocol.message.MessageLayout.QUEUE_ID_POSITION;
import static io.actormq.protocol.message.MessageLayout.QUEUE_OFFSET_POSITION;
import static io.actormq.protocol.message.MessageLayout.SYS_FLAG_POSITION;
import static io.actormq.protocol.message.MessageLayout.bodyLengthOffset;
import static io.actormq.protocol.message.MessageLayout.check;
import static io.actormq.protocol.message.MessageLayout.describe;
import static io.actormq.protocol.message.MessageLayout.storeHostOffset;
import static io.actormq.protocol.message.MessageLayout.storeTimestampOffset;

import java.nio.ByteBuffer;

/**
 * A reusable flyweight over one stored message record ({@link MessageLayout}), plus the static
 * checks and in-place patches the storage engine applies to records in its segments.
 *
 * <p>A view is not thread-safe; keep one per thread or actor and {@link #wrap} it over each record.
 * Getters read the underlying buffer on every call and never move its position; {@link #body()},
 * {@link #topicBytes()} and {@link #propertyBytes()} are slices sharing its bytes.
 */
public final class MessageRecordView {

  private ByteBuffer buf;
  // The last hosts and topic read, reused while records repeat them.
  private HostAddress lastBornHost;
  private HostAddress lastStoreHost;
  private byte[] lastTopicBytes;
  private String lastTopic;
  private int pos;
  private int sysFlag;
  private int bodyPos;
  private int bodyLen;
  private int topicPos;
  private int topicLen;
  private int propsPos;
  private int propsLen;

  /**
   * Points this view at the record starting at {@code pos} (up to the buffer's limit) after a
   * structural check (no CRC).
   *
   * @throws MessageFormatException if the bytes there are not a well-formed record
   */
  public MessageRecordView wrap(ByteBuffer buffer, int position) {
    int r = check(buffer, position, buffer.limit(), false);
    if (r < 0) {
      throw new MessageFormatException(describe(r) + " at position " + position);
    }
    buf = buffer;
    pos = position;
    sysFlag = buffer.getInt(position + SYS_FLAG_POSITION);
    int bodyLenPos = position + bodyLengthOffset(sysFlag);
    bodyLen = buffer.getInt(bodyLenPos);
    bodyPos = bodyLenPos + 4;
    int topicLenPos = bodyPos + bodyLen;
    if (buffer.getInt(position + MAGIC_POSITION) == MAGIC_V1) {
      topicLen = buffer.get(topicLenPos) & 0xFF;
      topicPos = topicLenPos + 1;
    } else {
      topicLen = buffer.getShort(topicLenPos);
      topicPos = topicLenPos + 2;
    }
    propsLen = buffer.getShort(topicPos + topicLen);
    propsPos = topicPos + topicLen + 2;
    return this;
  }

  /** The buffer this view reads. */
  public ByteBuffer buffer() {
    return buf;
  }

  /** Absolute position of the record in {@link #buffer()}. */
  public int position() {
    return pos;
  }

  public int totalSize() {
    return buf.getInt(pos);
  }

  public int magic() {
    return buf.getInt(pos + MAGIC_POSITION);
  }

  public int bodyCrc() {
    return buf.getInt(pos + BODY_CRC_POSITION);
  }

  public int queueId() {
    return buf.getInt(pos + QUEUE_ID_POSITION);
  }

  public int flag() {
    return buf.getInt(pos + FLAG_POSITION);
  }

  public long queueOffset() {
    return buf.getLong(pos + QUEUE_OFFSET_POSITION);
  }

  public long commitLogOffset() {
    return buf.getLong(pos + COMMIT_LOG_OFFSET_POSITION);
  }

  public int sysFlag() {
    return sysFlag;
  }

  public long bornTimestamp() {
    return buf.getLong(pos + BORN_TIMESTAMP_POSITION);
  }

  public HostAddress bornHost() {
    int at = pos + BORN_HOST_POSITION;
    boolean v6 = SysFlag.isBornHostV6(sysFlag);
    // Records of one pull mostly share hosts and topic: reuse the previous (immutable) result.
    HostAddress last = lastBornHost;
    if (last == null || !last.sameAs(buf, at, v6)) {
      last = HostAddress.read(buf, at, v6);
      lastBornHost = last;
    }
    return last;
  }

  public long storeTimestamp() {
    return buf.getLong(pos + storeTimestampOffset(sysFlag));
  }

  public HostAddress storeHost() {
    int at = pos + storeHostOffset(sysFlag);
    boolean v6 = SysFlag.isStoreHostV6(sysFlag);
    HostAddress last = lastStoreHost;
    if (last == null || !last.sameAs(buf, at, v6)) {
      last = HostAddress.read(buf, at, v6);
      lastStoreHost = last;
    }
    return last;
  }

  public int reconsumeTimes() {
    return buf.getInt(pos + bodyLengthOffset(sysFlag) - 12);
  }

  public long preparedTransactionOffset() {
    return buf.getLong(pos + bodyLengthOffset(sysFlag) - 8);
  }

  public int bodyLength() {
    return bodyLen;
  }

  /** Absolute position of the first body byte. */
  public int bodyPosition() {
    return bodyPos;
  }

  /** The body bytes as a slice of the underlying buffer (no copy). */
  public ByteBuffer body() {
    return buf.slice(bodyPos, bodyLen);
  }

  public int topicLength() {
    return topicLen;
  }

  public ByteBuffer topicBytes() {
    return buf.slice(topicPos, topicLen);
  }

  public String topic() {
    byte[] lastBytes = lastTopicBytes;
    if (lastBytes != null && lastBytes.length == topicLen && sameBytes(lastBytes, topicPos)) {
      return lastTopic;
    }
    byte[] bytes = new byte[topicLen];
    buf.get(topicPos, bytes);
    String t = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    lastTopicBytes = bytes;
    lastTopic = t;
    return t;
  }

  private boolean sameBytes(byte[] b, int at) {
    if (buf.hasArray()) {
      int from = buf.arrayOffset() + at;
      return java.util.Arrays.equals(buf.array(), from, from + b.length, b, 0, b.length);
    }
    for (int i = 0; i < b.length; i++) {
      if (buf.get(at + i) != b[i]) {
        return false;
      }
    }
    return true;
  }

  public int propertiesLength() {
    return propsLen;
  }

  /** Absolute position of the first property byte. */
  public int propertiesPosition() {
    return propsPos;
  }

  /** The encoded property bytes as a slice of the underlying buffer (no copy). */
  public ByteBuffer propertyBytes() {
    return buf.slice(propsPos, propsLen);
  }

  /** The encoded property string. */
  public String properties() {
    return Utf8.decode(buf, propsPos, propsLen);
  }

  /**
   * The value of one property, found by scanning the raw bytes (no map is built), or null. Only the
   * returned value is allocated.
   */
  public String findProperty(String name) {
    long range = MessageProperties.find(buf, propsPos, propsLen, name);
    if (range < 0) {
      return null;
    }
    return Utf8.decode(
        buf, MessageProperties.rangeOffset(range), MessageProperties.rangeLength(range));
  }

  /**
   * {@code String.hashCode()} of a property's value computed on the raw bytes, or {@code absent} if
   * the property is missing. With {@link MessageProperties#TAGS} and absent = 0 this is the tag
   * hash a RocketMQ broker indexes and pull filters compare with the subscription's codeSet; it
   * allocates nothing for ASCII values.
   */
  public int propertyHashCode(String name, int absent) {
    long range = MessageProperties.find(buf, propsPos, propsLen, name);
    if (range < 0) {
      return absent;
    }
    int from = MessageProperties.rangeOffset(range);
    int to = from + MessageProperties.rangeLength(range);
    int h = 0;
    for (int i = from; i < to; i++) {
      byte b = buf.get(i);
      if (b < 0) { // non-ASCII: String.hashCode works on UTF-16 units, so decode
        return Utf8.decode(buf, from, to - from).hashCode();
      }
      h = 31 * h + b;
    }
    return h;
  }

  /** The tag hash of this record: {@code TAGS.hashCode()}, or 0 without tags. */
  public int tagsHashCode() {
    return propertyHashCode(MessageProperties.TAGS, 0);
  }

  /** The offsetMsgId (store host + commitLogOffset) a RocketMQ broker would report for it. */
  public String offsetMsgId() {
    return MessageIds.offsetMsgId(
        buf,
        pos + storeHostOffset(sysFlag),
        SysFlag.isStoreHostV6(sysFlag) ? 16 : 4,
        commitLogOffset());
  }

  /** Copies the record out into an independent {@link MessageRecord}. */
  public MessageRecord toRecord() {
    byte[] body = new byte[bodyLen];
    buf.get(bodyPos, body);
    return toRecord(ByteBuffer.wrap(body));
  }

  /**
   * The record with its body shared, not copied: a slice of {@code bodySource}, which must hold the
   * same bytes at the same positions as {@link #buffer()} (typically a read-only duplicate of it,
   * so the record's body is a read-only slice without a further copy). Only for buffers whose bytes
   * nobody modifies while the record is in use.
   */
  public MessageRecord toRecordSharing(ByteBuffer bodySource) {
    return toRecord(bodySource.slice(bodyPos, bodyLen));
  }

  /**
   * As {@link #toRecordSharing} for a caller that owns {@code bodySource} and lets this method move
   * its position and limit: the record's constructor then takes the one slice that pins the body's
   * window, instead of slicing a slice (a buffer less per record of a pull).
   */
  MessageRecord toRecordSharingWindow(ByteBuffer bodySource) {
    bodySource.limit(bodyPos + bodyLen).position(bodyPos);
    return toRecord(bodySource);
  }

  private MessageRecord toRecord(ByteBuffer body) {
    return new MessageRecord(
        queueId(),
        flag(),
        queueOffset(),
        commitLogOffset(),
        sysFlag,
        bornTimestamp(),
        bornHost(),
        storeTimestamp(),
        storeHost(),
        reconsumeTimes(),
        preparedTransactionOffset(),
        body,
        topic(),
        properties());
  }

  // ---------------------------------------------------------------------------------------------
  // Static checks and patches on (buffer, record position); none of them moves the buffer.

  /**
   * Checks the record at {@code pos}, reading nothing at or beyond {@code limit}.
   *
   * @return the record's length if it has a known magic, a totalSize within {@code limit} and not
   *     below the minimum, body/topic/property lengths that add up exactly to totalSize, a topic
   *     length a RocketMQ client can read, and a body whose CRC32 matches; otherwise one of the
   *     negative codes of {@link MessageLayout} ({@code TRUNCATED}, {@code BAD_MAGIC}, {@code
   *     BAD_SIZE}, {@code BAD_LAYOUT}, {@code BAD_CRC}); {@link MessageLayout#describe} names it
   */
  public static int validate(ByteBuffer buf, int pos, int limit) {
    return check(buf, pos, limit, true);
  }

  /** {@link #validate} without the CRC pass, for records already validated once. */
  public static int validateStructure(ByteBuffer buf, int pos, int limit) {
    return check(buf, pos, limit, false);
  }

  public static int totalSize(ByteBuffer buf, int pos) {
    return buf.getInt(pos);
  }

  public static long queueOffset(ByteBuffer buf, int pos) {
    return buf.getLong(pos + QUEUE_OFFSET_POSITION);
  }

  public static long commitLogOffset(ByteBuffer buf, int pos) {
    return buf.getLong(pos + COMMIT_LOG_OFFSET_POSITION);
  }

  public static long storeTimestamp(ByteBuffer buf, int pos) {
    return buf.getLong(pos + storeTimestampOffset(buf.getInt(pos + SYS_FLAG_POSITION)));
  }

  public static void setQueueOffset(ByteBuffer buf, int pos, long queueOffset) {
    buf.putLong(pos + QUEUE_OFFSET_POSITION, queueOffset);
  }

  public static void setCommitLogOffset(ByteBuffer buf, int pos, long commitLogOffset) {
    buf.putLong(pos + COMMIT_LOG_OFFSET_POSITION, commitLogOffset);
  }

  public static void setStoreTimestamp(ByteBuffer buf, int pos, long storeTimestamp) {
    buf.putLong(pos + storeTimestampOffset(buf.getInt(pos + SYS_FLAG_POSITION)), storeTimestamp);
  }

  /**
   * Overwrites the store host in place.
   *
   * @throws IllegalArgumentException if the host's width (IPv4/IPv6) differs from the record's,
   *     since changing it would shift every later field
   */
  public static void setStoreHost(ByteBuffer buf, int pos, HostAddress storeHost) {
    int flags = buf.getInt(pos + SYS_FLAG_POSITION);
    if (storeHost.isIpv6() != SysFlag.isStoreHostV6(flags)) {
      throw new IllegalArgumentException(
          "record stores an " + (SysFlag.isStoreHostV6(flags) ? "IPv6" : "IPv4") + " host");
    }
    storeHost.writeTo(buf, pos + storeHostOffset(flags));
  }
}
