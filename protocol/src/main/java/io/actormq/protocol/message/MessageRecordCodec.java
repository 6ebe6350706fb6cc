package io.actormq.protocol.message;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes {@link MessageRecord}s into the stored/wire layout ({@link MessageLayout}) and decodes
 * them back.
 *
 * <p>Encoding writes straight into the caller's buffer (a log segment, a network buffer): topic and
 * properties go from their Strings to the buffer without intermediate arrays, the body is copied
 * once, and the body CRC is computed over the bytes just written. The magic code is V1 (topic
 * length u8) for topics up to 127 UTF-8 bytes, like the RocketMQ broker, and V2 (i16) above.
 */
public final class MessageRecordCodec {

  /** Longest topic a record can carry (the V2 i16 length). */
  public static final int MAX_TOPIC_LENGTH = Short.MAX_VALUE;

  private static final int V1_MAX_TOPIC_LENGTH = 127;

  private MessageRecordCodec() {}

  /**
   * Encoded length of a record with the given variable parts.
   *
   * @throws MessageFormatException if the total would not fit an i32
   */
  public static int size(
      int bodyLength,
      int topicLength,
      int propertiesLength,
      boolean bornHostV6,
      boolean storeHostV6) {
    long size =
        68L
            + (bornHostV6 ? 20 : 8)
            + (storeHostV6 ? 20 : 8)
            + 4
            + bodyLength
            + (topicLength > V1_MAX_TOPIC_LENGTH ? 2 : 1)
            + topicLength
            + 2
            + propertiesLength;
    if (size > Integer.MAX_VALUE) {
      throw new MessageFormatException("message record of " + size + " bytes is too large");
    }
    return (int) size;
  }

  /** Encoded length of {@code m}. */
  public static int size(MessageRecord m) {
    return size(
        m.bodyLength(),
        checkTopic(m.topic()),
        MessageProperties.checkLength(m.properties()),
        m.bornHost().isIpv6(),
        m.storeHost().isIpv6());
  }

  /**
   * Writes {@code m} at absolute position {@code pos} of {@code dst} without moving it.
   *
   * @return the number of bytes written (the record's totalSize)
   * @throws MessageFormatException if the topic or properties are too long
   * @throws BufferOverflowException if {@code dst} has fewer than {@link #size} bytes before its
   *     limit at {@code pos}; nothing is written then
   */
  public static int encode(MessageRecord m, ByteBuffer dst, int pos) {
    String topic = m.topic();
    int topicLen = checkTopic(topic);
    int propsLen = MessageProperties.checkLength(m.properties());
    ByteBuffer body = m.body();
    int bodyLen = body.remaining();
    HostAddress born = m.bornHost();
    HostAddress store = m.storeHost();
    int size = size(bodyLen, topicLen, propsLen, born.isIpv6(), store.isIpv6());
    if (pos < 0 || dst.limit() - pos < size) {
      throw new BufferOverflowException();
    }
    boolean v2 = topicLen > V1_MAX_TOPIC_LENGTH;
    dst.putInt(pos, size);
    dst.putInt(
        pos + MessageLayout.MAGIC_POSITION, v2 ? MessageLayout.MAGIC_V2 : MessageLayout.MAGIC_V1);
    dst.putInt(pos + MessageLayout.QUEUE_ID_POSITION, m.queueId());
    dst.putInt(pos + MessageLayout.FLAG_POSITION, m.flag());
    dst.putLong(pos + MessageLayout.QUEUE_OFFSET_POSITION, m.queueOffset());
    dst.putLong(pos + MessageLayout.COMMIT_LOG_OFFSET_POSITION, m.commitLogOffset());
    dst.putInt(pos + MessageLayout.SYS_FLAG_POSITION, m.sysFlag());
    dst.putLong(pos + MessageLayout.BORN_TIMESTAMP_POSITION, m.bornTimestamp());
    int p = born.writeTo(dst, pos + MessageLayout.BORN_HOST_POSITION);
    dst.putLong(p, m.storeTimestamp());
    p = store.writeTo(dst, p + 8);
    dst.putInt(p, m.reconsumeTimes());
    dst.putLong(p + 4, m.preparedTransactionOffset());
    dst.putInt(p + 12, bodyLen);
    int bodyPos = p + 16;
    dst.put(bodyPos, body, 0, bodyLen);
    dst.putInt(pos + MessageLayout.BODY_CRC_POSITION, MessageLayout.crc32(dst, bodyPos, bodyLen));
    p = bodyPos + bodyLen;
    if (v2) {
      dst.putShort(p, (short) topicLen);
      p += 2;
    } else {
      dst.put(p++, (byte) topicLen);
    }
    p = Utf8.write(topic, dst, p);
    dst.putShort(p, (short) propsLen);
    Utf8.write(m.properties(), dst, p + 2);
    return size;
  }

  /** Writes {@code m} at the buffer's position and advances it past the record. */
  public static int encode(MessageRecord m, ByteBuffer dst) {
    int n = encode(m, dst, dst.position());
    dst.position(dst.position() + n);
    return n;
  }

  /** {@code m} encoded into a new array. */
  public static byte[] encode(MessageRecord m) {
    byte[] out = new byte[size(m)];
    encode(m, ByteBuffer.wrap(out), 0);
    return out;
  }

  /**
   * Decodes the record at the buffer's position, advancing past it. The result copies what it
   * needs, so it stays valid after the buffer is reused. The body CRC is not checked (RocketMQ
   * clients do not check it either); use {@link MessageRecordView#validate} for that.
   *
   * @throws MessageFormatException if the bytes there are not a well-formed record; the position is
   *     unchanged then
   */
  public static MessageRecord decode(ByteBuffer src) {
    int pos = src.position();
    MessageRecord m = new MessageRecordView().wrap(src, pos).toRecord();
    src.position(pos + MessageRecordView.totalSize(src, pos));
    return m;
  }

  /**
   * Decodes records back to back from the buffer's position to its limit (a pull response body),
   * advancing past them.
   *
   * @throws MessageFormatException if any record is malformed or bytes are left over; the position
   *     is then at the start of the bad record
   */
  public static List<MessageRecord> decodeAll(ByteBuffer src) {
    List<MessageRecord> out = new ArrayList<>(32);
    MessageRecordView view = new MessageRecordView();
    while (src.hasRemaining()) {
      int pos = src.position();
      out.add(view.wrap(src, pos).toRecord());
      src.position(pos + view.totalSize());
    }
    return out;
  }

  /**
   * As {@link #decodeAll} without copying bodies: each record's body is a read-only slice of {@code
   * src}. For buffers whose bytes nobody modifies while the records are in use, such as the body of
   * a command from {@code FrameDecoder} (a frame of its own, or an immutable network chunk); a
   * record kept alive keeps the whole buffer alive.
   *
   * @throws MessageFormatException as {@link #decodeAll} does
   */
  public static List<MessageRecord> decodeAllSharing(ByteBuffer src) {
    List<MessageRecord> out = new ArrayList<>(32);
    MessageRecordView view = new MessageRecordView();
    // Bodies are sliced from one read-only twin (whose window moves from record to record); the
    // view keeps reading the original, whose backing array (if any) lets strings decode without a
    // copy.
    ByteBuffer bodies = src.asReadOnlyBuffer();
    while (src.hasRemaining()) {
      int pos = src.position();
      out.add(view.wrap(src, pos).toRecordSharingWindow(bodies));
      src.position(pos + view.totalSize());
    }
    return out;
  }

  private static int checkTopic(String topic) {
    int n = Utf8.encodedLength(topic);
    if (n > MAX_TOPIC_LENGTH) {
      throw new MessageFormatException(
          "topic is " + n + " bytes, more than the " + MAX_TOPIC_LENGTH + " allowed");
    }
    return n;
  }
}
