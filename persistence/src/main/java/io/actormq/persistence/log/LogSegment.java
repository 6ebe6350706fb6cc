package io.actormq.persistence.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One preallocated, memory-mapped segment file of a {@link SegmentedLog}, named by the physical
 * position of its first byte (20 zero-padded digits).
 *
 * <p>The file is created sparse at its full size and mapped once; records are written in place and
 * read as slices of the mapping, so a read copies nothing. The mapping is never unmapped
 * explicitly: a reader may still hold a slice of a segment that retention has deleted, and an
 * explicit unmap would turn that slice into a crash. The garbage collector releases it instead.
 */
final class LogSegment {

  static final String SUFFIX = ".log";
  private static final byte[] ZERO_PAGE = new byte[4096];

  private final Path file;
  private final long basePosition;
  private final int capacity;
  private final FileChannel channel;
  private final MappedByteBuffer map;
  private final ByteBuffer readView;

  private LogSegment(
      Path file, long basePosition, int capacity, FileChannel channel, MappedByteBuffer map) {
    this.file = file;
    this.basePosition = basePosition;
    this.capacity = capacity;
    this.channel = channel;
    this.map = map;
    this.readView = map.asReadOnlyBuffer();
  }

  static String fileName(long basePosition) {
    return String.format("%020d%s", basePosition, SUFFIX);
  }

  static long baseOf(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
  }

  static LogSegment create(Path dir, long basePosition, int capacity) throws IOException {
    return map(dir.resolve(fileName(basePosition)), basePosition, capacity);
  }

  static LogSegment open(Path file) throws IOException {
    long size = Files.size(file);
    if (size <= 0 || size > Integer.MAX_VALUE) {
      throw new IOException("segment " + file + " has an impossible size " + size);
    }
    return map(file, baseOf(file), (int) size);
  }

  private static LogSegment map(Path file, long basePosition, int capacity) throws IOException {
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      if (channel.size() < capacity) {
        // Sparse preallocation: the file has its final size at once, blocks come on first write.
        channel.write(ByteBuffer.allocate(1), capacity - 1L);
      }
      MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
      return new LogSegment(file, basePosition, capacity, channel, map);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  Path file() {
    return file;
  }

  long basePosition() {
    return basePosition;
  }

  long endPosition() {
    return basePosition + capacity;
  }

  int capacity() {
    return capacity;
  }

  /** The writable mapping, for the writer and the record format's callbacks. */
  ByteBuffer buffer() {
    return map;
  }

  /** Writes {@code src} (position to limit, left unchanged) at {@code at}; the writer only. */
  void write(int at, ByteBuffer src) throws IOException {
    ByteBuffer bytes = src.duplicate();
    long position = at;
    while (bytes.hasRemaining()) {
      position += channel.write(bytes, position);
    }
  }

  /** A read-only view of {@code length} bytes at {@code at}, sharing the mapping. */
  ByteBuffer slice(int at, int length) {
    return readView.slice(at, length);
  }

  void force(int from, int to) {
    if (to > from) {
      map.force(from, to - from);
    }
  }

  /**
   * Zeroes from {@code from} on, so stale bytes past a truncation point cannot look like records to
   * a later recovery. Stops at the first page that is already zero: the file is sparse and zeroing
   * its untouched tail would allocate it.
   */
  void zeroFrom(int from) {
    int at = from;
    while (at < capacity) {
      int pageEnd = (int) Math.min(capacity, (at / ZERO_PAGE.length + 1L) * ZERO_PAGE.length);
      if (at % ZERO_PAGE.length == 0 && isZero(at, pageEnd)) {
        return;
      }
      map.put(at, ZERO_PAGE, 0, pageEnd - at);
      at = pageEnd;
    }
  }

  private boolean isZero(int from, int to) {
    for (int i = from; i < to; i += Long.BYTES) {
      if (to - i >= Long.BYTES ? map.getLong(i) != 0 : map.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  /** Closes the channel; slices of the mapping stay readable. */
  void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close segment " + file, e);
    }
  }

  void delete() {
    close();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete segment " + file, e);
    }
  }
}
