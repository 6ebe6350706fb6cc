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
 * word XOR the separator repeated), in a heap buffer's array and in other buffers alike.
 *
 * <p>Positions are absolute in the buffer. {@code array} and {@code base} are the buffer's array
 * and array offset when it has one (every pulled frame), read directly; null and 0 otherwise.
 *
 * <p>An entry holds a name's value when it starts with the name followed by the name/value
 * separator (the name holds no separator, so that is the entry's first one) and the value is not
 * empty; the last such entry wins, as in the RocketMQ client's map.
 */
final class PropertyScan {

  private static final VarHandle LITTLE_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
  private static final long SEPARATORS = 0x0101010101010101L * PROPERTY_SEPARATOR;

  private PropertyScan() {}

  /** The value of the name in {@code buf[from, end)}, as {@link MessageProperties#find} answers. */
  static long find(ByteBuffer buf, int from, int end, String name, byte[] nameBytes, int nameLen) {
    byte[] array = buf.hasArray() ? buf.array() : null;
    int base = array != null ? buf.arrayOffset() : 0;
    long found = -1;
    int start = from;
    while (start < end) {
      int entryEnd = nextSeparator(buf, array, base, start, end);
      long value = value(buf, array, base, start, entryEnd, name, nameBytes, nameLen);
      if (value >= 0) {
        found = value;
      }
      start = entryEnd + 1;
    }
    return found;
  }

  /**
   * The range of the entry {@code [start, entryEnd)}'s value if the entry holds the name's value,
   * else -1; ranges as {@link MessageProperties#find} gives them.
   *
   * @param nameBytes the name's UTF-8 bytes, or null when its chars are its bytes
   */
  static long value(
      ByteBuffer buf,
      byte[] array,
      int base,
      int start,
      int entryEnd,
      String name,
      byte[] nameBytes,
      int nameLen) {
    int valueAt = start + nameLen + 1;
    if (entryEnd <= valueAt || byteAt(buf, array, base, valueAt - 1) != NAME_VALUE_SEPARATOR) {
      return -1;
    }
    for (int i = 0; i < nameLen; i++) {
      byte c = nameBytes != null ? nameBytes[i] : (byte) name.charAt(i);
      if (byteAt(buf, array, base, start + i) != c) {
        return -1;
      }
    }
    return ((long) valueAt << 32) | (entryEnd - valueAt);
  }

  /** The first property separator in {@code buf[from, end)}, or {@code end}. */
  static int nextSeparator(ByteBuffer buf, byte[] array, int base, int from, int end) {
    return array != null
        ? nextSeparator(array, base + from, base + end) - base
        : nextSeparator(buf, from, end);
  }

  private static byte byteAt(ByteBuffer buf, byte[] array, int base, int i) {
    return array != null ? array[base + i] : buf.get(i);
  }

  /**
   * As {@link #nextSeparator(ByteBuffer, int, int)} in an array. A word may extend past {@code end}
   * when the array has room for it (in a pull frame the next record's bytes follow), so the
   * byte-wise tail is only taken at the array's very end.
   */
  private static int nextSeparator(byte[] a, int from, int end) {
    int i = from;
    int wordsUntil = a.length - 8;
    while (i < end && i <= wordsUntil) {
      long flags = separatorFlags((long) LITTLE_ENDIAN_LONGS.get(a, i));
      if (flags != 0) {
        return Math.min(end, i + (Long.numberOfTrailingZeros(flags) >>> 3));
      }
      i += 8;
    }
    while (i < end && a[i] != PROPERTY_SEPARATOR) {
      i++;
    }
    return Math.min(i, end);
  }

  private static int nextSeparator(ByteBuffer buf, int from, int end) {
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
}
