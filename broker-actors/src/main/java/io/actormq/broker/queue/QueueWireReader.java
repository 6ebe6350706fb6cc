package io.actormq.broker.queue;

import static io.actormq.broker.queue.QueueWireWriter.INT;
import static io.actormq.broker.queue.QueueWireWriter.LONG;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reads what {@link QueueWireWriter} wrote, checking every length against the bytes left before it
 * is used, so corrupt input fails with an {@link IllegalArgumentException} naming the message and
 * the position rather than an index error or an allocation of a forged size.
 */
final class QueueWireReader {

  private final byte[] bytes;
  private final String what;
  private int pos;

  /**
   * @param what the message being read, for error messages
   */
  QueueWireReader(byte[] bytes, String what) {
    this.bytes = bytes;
    this.what = what;
  }

  byte getByte() {
    need(1);
    return bytes[pos++];
  }

  boolean getBoolean() {
    byte b = getByte();
    if (b != 0 && b != 1) {
      throw corrupt("boolean byte " + b + " at " + (pos - 1));
    }
    return b == 1;
  }

  int getInt() {
    need(4);
    int v = (int) INT.get(bytes, pos);
    pos += 4;
    return v;
  }

  long getLong() {
    need(8);
    long v = (long) LONG.get(bytes, pos);
    pos += 8;
    return v;
  }

  String getString() {
    int length = getLength(1, true);
    if (length < 0) {
      return null;
    }
    String s = new String(bytes, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return s;
  }

  int[] getInts() {
    int n = getLength(4, true);
    if (n < 0) {
      return null;
    }
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = (int) INT.get(bytes, pos);
      pos += 4;
    }
    return values;
  }

  long[] getLongs() {
    int n = getLength(8, true);
    if (n < 0) {
      return null;
    }
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = (long) LONG.get(bytes, pos);
      pos += 8;
    }
    return values;
  }

  /**
   * Buffers that share this reader's array instead of copying it: the array is the deserializer's
   * own, and each buffer is a slice with position 0 that cannot reach its neighbours.
   *
   * @param readOnly for buffers whose type promises read-only slices ({@code ReadResult.runs})
   */
  List<ByteBuffer> getBuffers(boolean readOnly) {
    // At least the 4-byte length of each buffer must follow.
    int n = getLength(4, false);
    if (n == 0) {
      return List.of();
    }
    ByteBuffer whole =
        readOnly ? ByteBuffer.wrap(bytes).asReadOnlyBuffer() : ByteBuffer.wrap(bytes);
    ByteBuffer[] buffers = new ByteBuffer[n];
    for (int i = 0; i < n; i++) {
      int length = getLength(1, false);
      buffers[i] = whole.slice(pos, length);
      pos += length;
    }
    return Collections.unmodifiableList(Arrays.asList(buffers));
  }

  /** Fails unless every byte was read: trailing bytes mean the layout is not the one expected. */
  void end() {
    if (pos != bytes.length) {
      throw corrupt((bytes.length - pos) + " unexpected trailing bytes at " + pos);
    }
  }

  IllegalArgumentException corrupt(String problem) {
    return new IllegalArgumentException(
        "Corrupt " + what + " (" + bytes.length + " bytes): " + problem);
  }

  /** A count or length, -1 allowed when {@code nullable}, whose elements must all still be here. */
  private int getLength(int elementBytes, boolean nullable) {
    int at = pos;
    int n = getInt();
    if (n == -1 && nullable) {
      return -1;
    }
    if (n < 0) {
      throw corrupt("negative length " + n + " at " + at);
    }
    if ((long) n * elementBytes > bytes.length - pos) {
      throw corrupt(
          "length " + n + " at " + at + " exceeds the " + (bytes.length - pos) + " bytes left");
    }
    return n;
  }

  private void need(int n) {
    if (n > bytes.length - pos) {
      throw corrupt("truncated: " + n + " bytes needed at " + pos);
    }
  }
}
