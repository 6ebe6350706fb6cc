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
    int[] bounds = new int[8];
    int n = 0;
    int end = pos + len;
    int start = pos;
    if (buf.hasArray()) {
      // Every pulled frame: its array is read a word at a time, each word's separators in turn.
      byte[] a = buf.array();
      int base = buf.arrayOffset();
      for (int i = base + pos, to = base + end; i < to; i += 8) {
        long flags = PropertyScan.separatorFlags(a, i, to);
        while (flags != 0) {
          int sep = i - base + (Long.numberOfTrailingZeros(flags) >>> 3);
          if (sep > start) {
            bounds = room(bounds, n);
            bounds[n++] = start;
            bounds[n++] = sep;
          }
          start = sep + 1;
          flags &= flags - 1;
        }
      }
    } else {
      while (start < end) {
        int sep = PropertyScan.nextSeparator(buf, start, end);
        if (sep > start) {
          bounds = room(bounds, n);
          bounds[n++] = start;
          bounds[n++] = sep;
        }
        start = sep + 1;
      }
    }
    if (end > start) {
      bounds = room(bounds, n);
      bounds[n++] = start;
      bounds[n++] = end;
    }
    return new PropertyIndex(buf, bounds, n);
  }

  private static int[] room(int[] bounds, int used) {
    return used + 2 > bounds.length ? Arrays.copyOf(bounds, bounds.length * 2) : bounds;
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
      int start = bounds[e];
      int end = bounds[e + 1];
      int valueAt = start + nameLen + 1;
      if (end > valueAt
          && byteAt(valueAt - 1) == MessageProperties.NAME_VALUE_SEPARATOR
          && nameMatches(start, name, nameBytes, nameLen)) {
        return ((long) valueAt << 32) | (end - valueAt);
      }
    }
    return -1;
  }

  private byte byteAt(int i) {
    return array != null ? array[base + i] : buf.get(i);
  }

  private boolean nameMatches(int at, String name, byte[] nameBytes, int nameLen) {
    return array != null
        ? PropertyScan.nameAt(array, base + at, name, nameBytes, nameLen)
        : PropertyScan.nameAt(buf, at, name, nameBytes, nameLen);
  }
}
