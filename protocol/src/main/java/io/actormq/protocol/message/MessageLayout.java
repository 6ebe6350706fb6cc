package io.actormq.protocol.message;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Field positions of the stored message record and its structural check.
 *
 * <p>Layout (big-endian; "bh"/"sh" are 8 for an IPv4 host, 20 for IPv6, chosen by sysFlag 0x10 /
 * 0x20):
 *
 * <pre>
 *  0 totalSize i32        28 commitLogOffset i64     48+bh storeTimestamp i64
 *  4 magic i32            36 sysFlag i32             56+bh storeHost (sh)
 *  8 bodyCRC i32          40 bornTimestamp i64       56+bh+sh reconsumeTimes i32
 * 12 queueId i32          48 bornHost (bh)           60+bh+sh preparedTransactionOffset i64
 * 16 flag i32                                        68+bh+sh bodyLen i32, body,
 * 20 queueOffset i64                                 topicLen (u8 or i16 by magic), topic,
 *                                                    propsLen i16, props
 * </pre>
 */
public final class MessageLayout {

  /** Magic of records whose topic length is a u8 (topics up to 127 UTF-8 bytes). */
  public static final int MAGIC_V1 = 0xDAA320A7;

  /** Magic of records whose topic length is an i16 (RocketMQ 5, topics over 127 bytes). */
  public static final int MAGIC_V2 = 0xDAA320AB;

  public static final int TOTAL_SIZE_POSITION = 0;
  public static final int MAGIC_POSITION = 4;
  public static final int BODY_CRC_POSITION = 8;
  public static final int QUEUE_ID_POSITION = 12;
  public static final int FLAG_POSITION = 16;
  public static final int QUEUE_OFFSET_POSITION = 20;
  public static final int COMMIT_LOG_OFFSET_POSITION = 28;
  public static final int SYS_FLAG_POSITION = 36;
  public static final int BORN_TIMESTAMP_POSITION = 40;
  public static final int BORN_HOST_POSITION = 48;

  /** An IPv4/IPv4, V1 record with empty body, topic and properties. */
  public static final int MIN_RECORD_SIZE = 68 + 8 + 8 + 4 + 1 + 2;

  /**
   * {@link MessageRecordView#validate} results: fewer bytes than the record claims (e.g. a torn
   * tail write).
   */
  public static final int TRUNCATED = -1;

  /** Not a record: the magic code is unknown (a blank or foreign region). */
  public static final int BAD_MAGIC = -2;

  /** totalSize is below the minimum for its magic. */
  public static final int BAD_SIZE = -3;

  /** The body, topic and property lengths do not add up to totalSize. */
  public static final int BAD_LAYOUT = -4;

  /** The body's CRC32 differs from the stored bodyCRC. */
  public static final int BAD_CRC = -5;

  private MessageLayout() {}

  /** A short description of a negative {@link MessageRecordView#validate} result. */
  public static String describe(int result) {
    return switch (result) {
      case TRUNCATED -> "truncated message record";
      case BAD_MAGIC -> "unknown message magic code";
      case BAD_SIZE -> "message record size below minimum";
      case BAD_LAYOUT -> "message record lengths inconsistent with its size";
      case BAD_CRC -> "message body CRC mismatch";
      default -> result >= 0 ? "valid message record" : "invalid message record";
    };
  }

  /** Offset of storeTimestamp from the record start, given its sysFlag. */
  public static int storeTimestampOffset(int sysFlag) {
    return BORN_HOST_POSITION + (SysFlag.isBornHostV6(sysFlag) ? 20 : 8);
  }

  /** Offset of storeHost from the record start, given its sysFlag. */
  public static int storeHostOffset(int sysFlag) {
    return storeTimestampOffset(sysFlag) + 8;
  }

  /** Offset of the bodyLen field from the record start, given its sysFlag. */
  public static int bodyLengthOffset(int sysFlag) {
    return storeHostOffset(sysFlag) + (SysFlag.isStoreHostV6(sysFlag) ? 20 : 8) + 4 + 8;
  }

  static int check(ByteBuffer buf, int pos, int limit, boolean checkCrc) {
    if (pos < 0 || limit > buf.limit()) {
      throw new IndexOutOfBoundsException(
          "pos=" + pos + " limit=" + limit + " buffer limit=" + buf.limit());
    }
    if (limit - pos < 8) {
      return TRUNCATED;
    }
    int total = buf.getInt(pos);
    int magic = buf.getInt(pos + MAGIC_POSITION);
    int topicLenSize;
    if (magic == MAGIC_V1) {
      topicLenSize = 1;
    } else if (magic == MAGIC_V2) {
      topicLenSize = 2;
    } else {
      return BAD_MAGIC;
    }
    if (total < MIN_RECORD_SIZE + topicLenSize - 1) {
      return BAD_SIZE;
    }
    if (total > limit - pos) {
      return TRUNCATED;
    }
    int end = pos + total;
    int flags = buf.getInt(pos + SYS_FLAG_POSITION);
    int bodyLenPos = pos + bodyLengthOffset(flags);
    // Every comparison below subtracts instead of adding, so hostile lengths cannot overflow.
    if (end - bodyLenPos < 4 + topicLenSize + 2) {
      return BAD_LAYOUT;
    }
    int bodyLen = buf.getInt(bodyLenPos);
    int bodyPos = bodyLenPos + 4;
    if (bodyLen < 0 || bodyLen > end - bodyPos - topicLenSize - 2) {
      return BAD_LAYOUT;
    }
    int topicLenPos = bodyPos + bodyLen;
    // A V1 length above 127 is a negative byte to the RocketMQ client, which then fails.
    int topicLen = topicLenSize == 1 ? buf.get(topicLenPos) : buf.getShort(topicLenPos);
    int topicPos = topicLenPos + topicLenSize;
    if (topicLen < 0 || topicLen > end - topicPos - 2) {
      return BAD_LAYOUT;
    }
    int propsLen = buf.getShort(topicPos + topicLen);
    if (propsLen < 0 || propsLen != end - (topicPos + topicLen + 2)) {
      return BAD_LAYOUT;
    }
    if (checkCrc && crc32(buf, bodyPos, bodyLen) != buf.getInt(pos + BODY_CRC_POSITION)) {
      return BAD_CRC;
    }
    return total;
  }

  /** CRC32 of a region masked to 31 bits, as RocketMQ stores it. */
  static int crc32(ByteBuffer buf, int from, int len) {
    CRC32 crc = new CRC32();
    if (buf.hasArray()) {
      crc.update(buf.array(), buf.arrayOffset() + from, len);
    } else {
      crc.update(buf.slice(from, len));
    }
    return (int) crc.getValue() & 0x7FFFFFFF;
  }
}
