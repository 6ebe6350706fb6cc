package io.actormq.protocol.message;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Where each entry of an encoded property string lies in a record's bytes, found in one pass, so
 * that reading several properties of one message scans its bytes once instead of once per name.
 * Values become strings only when asked for. Lookups follow {@link MessageProperties#find}: the
 * last entry of a name wins, and entries without a value do not count.
 *
 * <p>Immutable once built, with only absolute reads of the buffer, so it may be shared between
 * threads as long as nobody writes the bytes.
 */
public final class PropertyIndex {

  private static final int[] NO_ENTRIES = new int[0];

  private final ByteBuffer buf;

  /** The buffer's array when it has one (every pulled frame): read directly, not through get(i). */
  private final byte[] array;

  private final int base;

  /**
   * Per entry: its first byte and the byte after its last, absolute in {@link #buf}; the unused
   * tail of the array (from {@link #used}) is not trimmed, which would cost a second array.
   */
  private final int[] bounds;

  private final int used;

  private PropertyIndex(ByteBuffer buf, int[] bounds, int used) {
    this.buf = buf;
    this.array = buf.hasArray() ? buf.array() : null;
    this.base = array != null ? buf.arrayOffset() : 0;
    this.bounds = bounds;
    this.used = used;
  }

  /** Indexes the {@code len} bytes of an encoded property string at {@code pos} in {@code buf}. */
  public static PropertyIndex of(ByteBuffer buf, int pos, int len) {
    if (len <= 0) {
      return new PropertyIndex(buf, NO_ENTRIES, 0);
    }
    byte[] array = buf.hasArray() ? buf.array() : null;
    int base = array != null ? buf.arrayOffset() : 0;
    int end = pos + len;
    int[] bounds = new int[8];
    int n = 0;
    int start = pos;
    while (start < end) {
      int sep = PropertyScan.nextSeparator(buf, array, base, start, end);
      if (sep > start) {
        if (n + 2 > bounds.length) {
          bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[n++] = start;
        bounds[n++] = sep;
      }
      start = sep + 1;
    }
    return new PropertyIndex(buf, bounds, n);
  }

  /** The value of {@code name}, or null. */
  public String get(String name) {
    long range = find(name);
    if (range < 0) {
      return null;
    }
    return Utf8.decode(
        buf, MessageProperties.rangeOffset(range), MessageProperties.rangeLength(range));
  }

  /** The absolute range of {@code name}'s value, as {@link MessageProperties#find} gives it. */
  public long find(String name) {
    byte[] key = MessageProperties.lookupName(name);
    if (key == null) {
      return -1;
    }
    byte[] nameBytes = key == MessageProperties.ASCII_NAME ? null : key;
    int nameLen = nameBytes == null ? name.length() : nameBytes.length;
    for (int e = used - 2; e >= 0; e -= 2) {
      long value =
          PropertyScan.value(buf, array, base, bounds[e], bounds[e + 1], name, nameBytes, nameLen);
      if (value >= 0) {
        return value;
      }
    }
    return -1;
  }
}
