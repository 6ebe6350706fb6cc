package io.actormq.persistence.log;

import io.actormq.persistence.index.ZeroAhead;
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
 *
 * <h2>Zero-ahead</h2>
 *
 * An fsync after writing into a hole must also write the metadata of the blocks it allocates (a
 * journal commit on a journaling filesystem); after overwriting blocks that are already written it
 * only writes data, which measured 1.6 to 1.9 times faster on ext4. So the flusher may keep a
 * bounded stretch beyond the writer physically written with zeros ({@link #zeroAhead}); zeros read
 * as the end of the log, so recovery is unaffected. Writer and flusher never write the same bytes:
 * the writer publishes how far it is about to write ({@link #write}) before it writes, the flusher
 * publishes where it is about to zero before it zeroes, and each then reads the other's mark (a
 * Dekker handshake over volatile fields): the flusher gives up a stretch the writer has reached,
 * and the writer, in the rare case that it reaches a stretch being zeroed, waits for that one
 * bounded write to end.
 */
final class LogSegment {

  static final String SUFFIX = ".log";
  private static final byte[] ZERO_PAGE = new byte[4096];
  private static final int PAGE = ZERO_PAGE.length;

  /** The largest single zeroing write, which bounds how long a writer can ever wait for one. */
  static final int ZERO_CHUNK = ZeroAhead.MAX_WRITE;

  private final Path file;
  private final long basePosition;
  private final int capacity;
  private final FileChannel channel;
  private final MappedByteBuffer map;
  private final ByteBuffer readView;

  /** End of what the writer has written or is about to write; only grows, except on truncation. */
  private volatile int writeClaim;

  /** Start of the stretch the flusher is zeroing right now; {@link Integer#MAX_VALUE} if none. */
  private volatile int zeroingFrom = Integer.MAX_VALUE;

  /** End of the stretch known to be physically written (data or zeros). Flusher only. */
  private int zeroedEnd;

  private LogSegment(
      Path file,
      long basePosition,
      int capacity,
      FileChannel channel,
      MappedByteBuffer map,
      int writeClaim) {
    this.file = file;
    this.basePosition = basePosition;
    this.capacity = capacity;
    this.channel = channel;
    this.map = map;
    this.readView = map.asReadOnlyBuffer();
    this.writeClaim = writeClaim;
  }

  static String fileName(long basePosition) {
    return String.format("%020d%s", basePosition, SUFFIX);
  }

  static long baseOf(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
  }

  static LogSegment create(Path dir, long basePosition, int capacity) throws IOException {
    return map(dir.resolve(fileName(basePosition)), basePosition, capacity, 0);
  }

  static LogSegment open(Path file) throws IOException {
    long size = Files.size(file);
    if (size <= 0 || size > Integer.MAX_VALUE) {
      throw new IOException("segment " + file + " has an impossible size " + size);
    }
    // Where its data ends is unknown until recovery says so (truncateTo): no zeroing before that.
    return map(file, baseOf(file), (int) size, (int) size);
  }

  private static LogSegment map(Path file, long basePosition, int capacity, int writeClaim)
      throws IOException {
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      if (channel.size() < capacity) {
        // Sparse preallocation: the file has its final size at once, blocks come on first write.
        channel.write(ByteBuffer.allocate(1), capacity - 1L);
      }
      MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
      return new LogSegment(file, basePosition, capacity, channel, map, writeClaim);
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
    int end = at + src.remaining();
    if (end > writeClaim) {
      writeClaim = end;
    }
    // Read after the claim is published: a zeroing that started before it may cover our bytes.
    while (zeroingFrom < end) {
      Thread.onSpinWait();
    }
    ByteBuffer bytes = src.duplicate();
    long position = at;
    while (bytes.hasRemaining()) {
      position += channel.write(bytes, position);
    }
  }

  /**
   * Keeps the stretch from the writer's mark to {@code ahead} bytes beyond it physically written
   * with zeros, topping it up only once less than half of it is left, so that allocating blocks
   * (metadata the next fsync must write too) happens once per {@code ahead / 2} bytes, not per
   * fsync. Flusher only.
   *
   * @return bytes zeroed by this call
   */
  int zeroAhead(int ahead) throws IOException {
    int claim = writeClaim;
    long target = Math.min(capacity, (long) claim + ahead);
    int from = Math.max(zeroedEnd, roundUpToPage(claim));
    if (from >= target || (target - from < ahead / 2 && target < capacity)) {
      return 0;
    }
    int zeroed = 0;
    while (from < target) {
      int to = (int) Math.min(target, (long) from + ZERO_CHUNK);
      zeroingFrom = from;
      if (writeClaim > from) {
        // The writer got here first: its bytes are data, leave the rest for the next call.
        zeroingFrom = Integer.MAX_VALUE;
        break;
      }
      try {
        ZeroAhead.writeZeros(channel, from, to - from);
      } finally {
        zeroingFrom = Integer.MAX_VALUE;
      }
      zeroed += to - from;
      zeroedEnd = to;
      from = to;
    }
    return zeroed;
  }

  /**
   * Moves the writer's mark back to {@code at} after the bytes beyond it were cut off, so they may
   * be zeroed ahead again. Writer only, and only while nothing is written beyond {@code at}.
   */
  void resetWriteClaim(int at) {
    writeClaim = at;
  }

  private static int roundUpToPage(int position) {
    return (int) Math.min(Integer.MAX_VALUE, (position + (long) PAGE - 1) / PAGE * PAGE);
  }

  /** A read-only view of {@code length} bytes at {@code at}, sharing the mapping. */
  ByteBuffer slice(int at, int length) {
    return readView.slice(at, length);
  }

  /**
   * Makes everything written so far durable. Appends reach the file through the channel, so
   * fdatasync suffices; it skips the inode's timestamps, which every write changes.
   */
  void force() throws IOException {
    channel.force(false);
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
