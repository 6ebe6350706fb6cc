package io.actormq.broker.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes the fields of one queue message into a byte array sized up front by the {@code sizeOf}
 * methods, so a message costs one allocation however many records it carries. Big-endian, like the
 * remoting protocol. Strings are UTF-8 behind an int length (-1 for null); arrays and buffer lists
 * behind an int count (-1 for a null array).
 */
final class QueueWireWriter {

  static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] bytes;
  private int pos;

  QueueWireWriter(int size) {
    this.bytes = new byte[size];
  }

  static int sizeOf(String s) {
    return s == null ? 4 : 4 + utf8Length(s);
  }

  static int sizeOf(int[] values) {
    return values == null ? 4 : 4 + 4 * values.length;
  }

  static int sizeOf(long[] values) {
    return values == null ? 4 : 4 + 8 * values.length;
  }

  static int sizeOf(List<ByteBuffer> buffers) {
    long size = 4;
    for (int i = 0, n = buffers.size(); i < n; i++) {
      size += 4 + buffers.get(i).remaining();
    }
    // Far beyond any frame Artery carries, but an int sum would wrap instead of failing; half the
    // int range leaves room for the other fields.
    if (size > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException(
          buffers.size() + " buffers of " + size + " bytes do not fit one message");
    }
    return (int) size;
  }

  void putByte(int value) {
    bytes[pos++] = (byte) value;
  }

  void putBoolean(boolean value) {
    bytes[pos++] = (byte) (value ? 1 : 0);
  }

  void putInt(int value) {
    INT.set(bytes, pos, value);
    pos += 4;
  }

  void putLong(long value) {
    LONG.set(bytes, pos, value);
    pos += 8;
  }

  void putString(String s) {
    if (s == null) {
      putInt(-1);
      return;
    }
    // The length is filled in after the characters: encoding once is cheaper than measuring twice.
    int start = pos;
    pos += 4;
    encodeUtf8(s);
    INT.set(bytes, start, pos - start - 4);
  }

  void putInts(int[] values) {
    if (values == null) {
      putInt(-1);
      return;
    }
    putInt(values.length);
    for (int v : values) {
      putInt(v);
    }
  }

  void putLongs(long[] values) {
    if (values == null) {
      putInt(-1);
      return;
    }
    putInt(values.length);
    for (long v : values) {
      putLong(v);
    }
  }

  /** Copies each buffer from its position to its limit; the buffers' positions do not move. */
  void putBuffers(List<ByteBuffer> buffers) {
    int n = buffers.size();
    putInt(n);
    for (int i = 0; i < n; i++) {
      ByteBuffer b = buffers.get(i);
      int length = b.remaining();
      putInt(length);
      // The absolute bulk get leaves the position alone without a duplicate() per buffer, and
      // stays correct when other threads read the same (shared, memory-mapped) buffer.
      b.get(b.position(), bytes, pos, length);
      pos += length;
    }
  }

  /** The array, once every byte the sizes promised has been written. */
  byte[] finish() {
    if (pos != bytes.length) {
      throw new IllegalStateException("sized " + bytes.length + " bytes but wrote " + pos);
    }
    return bytes;
  }

  /** Bytes of {@code s} in UTF-8 as {@link String#getBytes} makes them (lone surrogates as '?'). */
  static int utf8Length(String s) {
    int n = s.length();
    int length = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        length += 1;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        length += 2; // four bytes for the two chars of the pair
        i++;
      } else if (!Character.isSurrogate(c)) {
        length += 2;
      }
    }
    return length;
  }

  private void encodeUtf8(String s) {
    byte[] b = bytes;
    int p = pos;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | c >> 6);
        b[p++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | cp >> 18);
        b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
        b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
        b[p++] = (byte) (0x80 | cp & 0x3F);
      } else if (Character.isSurrogate(c)) {
        b[p++] = '?';
      } else {
        b[p++] = (byte) (0xE0 | c >> 12);
        b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
        b[p++] = (byte) (0x80 | c & 0x3F);
      }
    }
    pos = p;
  }
}
