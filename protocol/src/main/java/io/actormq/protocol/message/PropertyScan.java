package io.actormq.protocol.message;

import static io.actormq.protocol.message.MessageProperties.NAME_VALUE_SEPARATOR;
import static io.actormq.protocol.message.MessageProperties.PROPERTY_SEPARATOR;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Byte-level scans of an encoded property string, shared by {@link MessageProperties#find} and
 * {@link PropertyIndex}. Entries end at {@link MessageProperties#PROPERTY_SEPARATOR}; finding it is
 * where the time goes, so it is searched eight bytes at a time in a word (a zero-byte test on the
 * word XOR the separator repeated), in arrays and in buffers alike.
 *
 * <p>A lookup matches an entry that starts with the name followed by the name/value separator (the
 * name holds no separator, so that is the entry's first one) and has a non-empty value; the last
 * matching entry wins, as in the RocketMQ client's map.
 */
final class PropertyScan {

  private static final VarHandle LITTLE_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
  private static final long SEPARATORS = 0x0101010101010101L * PROPERTY_SEPARATOR;

  private PropertyScan() {}

  /**
   * The separators among the 8 bytes of {@code a} from {@code i} that lie before {@code end}, as
   * the high bit of each such byte in a little-endian word (byte {@code i} in the lowest). The word
   * is read whole when the array has room for it (in a pull frame the next record's bytes follow),
   * byte by byte only at the array's very end.
   */
  static long separatorFlags(byte[] a, int i, int end) {
    long flags;
    if (i <= a.length - 8) {
      flags = separatorFlags((long) LITTLE_ENDIAN_LONGS.get(a, i));
    } else {
      flags = 0;
      for (int k = 0; i + k < a.length; k++) {
        if (a[i + k] == PROPERTY_SEPARATOR) {
          flags |= 0x80L << (k << 3);
        }
      }
    }
    int left = end - i;
    return left >= 8 ? flags : flags & ((1L << (left << 3)) - 1);
  }

  /** The first property separator at or after {@code from} in a buffer, or {@code end}. */
  static int nextSeparator(ByteBuffer buf, int from, int end) {
    boolean littleEndian = buf.order() == ByteOrder.LITTLE_ENDIAN;
    int i = from;
    while (end - i >= 8) {
      long flags = separatorFlags(buf.getLong(i));
      if (flags != 0) {
        int first =
            littleEndian ? Long.numberOfTrailingZeros(flags) : Long.numberOfLeadingZeros(flags);
        return i + (first >>> 3);
      }
      i += 8;
    }
    while (i < end && buf.get(i) != PROPERTY_SEPARATOR) {
      i++;
    }
    return i;
  }

  /**
   * The high bit of each byte of {@code word} that equals the separator, and no other bit. Exact
   * for every byte (no borrow runs between bytes), so it serves either byte order.
   */
  private static long separatorFlags(long word) {
    long x = word ^ SEPARATORS;
    return ~(((x & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | x | LOW_SEVEN_BITS);
  }

  /**
   * The value of the name in {@code a[from, end)}, as {@link MessageProperties#find} answers, with
   * array positions.
   *
   * @param nameBytes the name's UTF-8 bytes, or null when its chars are its bytes
   */
  static long find(byte[] a, int from, int end, String name, byte[] nameBytes, int nameLen) {
    long found = -1;
    int start = from;
    for (int i = from; i < end; i += 8) {
      long flags = separatorFlags(a, i, end);
      while (flags != 0) {
        int entryEnd = i + (Long.numberOfTrailingZeros(flags) >>> 3);
        if (matches(a, start, entryEnd, name, nameBytes, nameLen)) {
          found = valueRange(start, entryEnd, nameLen);
        }
        start = entryEnd + 1;
        flags &= flags - 1;
      }
    }
    if (matches(a, start, end, name, nameBytes, nameLen)) {
      found = valueRange(start, end, nameLen);
    }
    return found;
  }

  private static boolean matches(
      byte[] a, int start, int entryEnd, String name, byte[] nameBytes, int nameLen) {
    int valueAt = start + nameLen + 1;
    return entryEnd > valueAt
        && a[valueAt - 1] == NAME_VALUE_SEPARATOR
        && nameAt(a, start, name, nameBytes, nameLen);
  }

  private static long valueRange(int start, int entryEnd, int nameLen) {
    int valueAt = start + nameLen + 1;
    return ((long) valueAt << 32) | (entryEnd - valueAt);
  }

  /** As {@link #find(byte[], int, int, String, byte[], int)} for absolute buffer positions. */
  static long find(ByteBuffer buf, int from, int end, String name, byte[] nameBytes, int nameLen) {
    long found = -1;
    int start = from;
    while (start < end) {
      int entryEnd = nextSeparator(buf, start, end);
      int valueAt = start + nameLen + 1;
      if (entryEnd > valueAt
          && buf.get(valueAt - 1) == NAME_VALUE_SEPARATOR
          && nameAt(buf, start, name, nameBytes, nameLen)) {
        found = ((long) valueAt << 32) | (entryEnd - valueAt);
      }
      start = entryEnd + 1;
    }
    return found;
  }

  static boolean nameAt(byte[] a, int at, String name, byte[] nameBytes, int nameLen) {
    for (int i = 0; i < nameLen; i++) {
      byte c = nameBytes != null ? nameBytes[i] : (byte) name.charAt(i);
      if (a[at + i] != c) {
        return false;
      }
    }
    return true;
  }

  static boolean nameAt(ByteBuffer buf, int at, String name, byte[] nameBytes, int nameLen) {
    for (int i = 0; i < nameLen; i++) {
      byte c = nameBytes != null ? nameBytes[i] : (byte) name.charAt(i);
      if (buf.get(at + i) != c) {
        return false;
      }
    }
    return true;
  }
}
