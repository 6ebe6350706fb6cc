package io.actormq.persistence.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the next bytes of a sparse, memory-mapped file with zeros through the page cache, a window
 * at a time, before the mapping first touches them.
 *
 * <p>Why: a store through a mapping into a page that is not cached faults, and the kernel's fault
 * path reads ahead around it, up to the device's {@code read_ahead_kb} (8 MiB on this machine's
 * disk). For a hole that means zero-filling megabytes of page cache per fault: with a thousand
 * queues opening fresh index files at once, that was most of the broker's CPU. Pages written with
 * {@code pwrite} are cached, so the mapping's first touch is a minor fault, and the file only gets
 * blocks a window ahead of its data.
 *
 * <p>Only ever writes from where the caller says the valid data ends, never below. Not thread-safe:
 * one writer per file, like the index it serves. The file is opened per window rather than held
 * open, so thousands of queues do not hold thousands more descriptors.
 */
public final class ZeroAhead {

  static final int WINDOW = 128 << 10;

  /** The largest single zeroing write: bounds how long a caller holds the disk for one. */
  public static final int MAX_WRITE = 256 << 10;

  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(MAX_WRITE).asReadOnlyBuffer();

  private final Path path;
  private final long fileSize;
  private long prepared;

  /**
   * @param fileSize the file's (mapped) size; nothing is written beyond it
   * @param from where the file's valid data ends: zeros are written from here on only
   */
  public ZeroAhead(Path path, long fileSize, long from) {
    this.path = path;
    this.fileSize = fileSize;
    this.prepared = from;
  }

  /** Makes sure the bytes below {@code end} are in the page cache, writing the windows needed. */
  public void ensure(long end) {
    if (end <= prepared || prepared >= fileSize) {
      return;
    }
    long target = Math.min(fileSize, Math.max(end, prepared + WINDOW));
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      while (prepared < target) {
        int length = (int) Math.min(MAX_WRITE, target - prepared);
        writeZeros(channel, prepared, length);
        prepared += length;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + path + " at " + prepared, e);
    }
  }

  /**
   * Writes {@code length} zero bytes at {@code position} through {@code channel} (pwrite), from one
   * shared read-only buffer.
   *
   * @param length at most {@link #MAX_WRITE}
   */
  public static void writeZeros(FileChannel channel, long position, int length) throws IOException {
    if (length > MAX_WRITE) {
      throw new IllegalArgumentException(length + " bytes exceed one zeroing write");
    }
    ByteBuffer zeros = ZEROS.duplicate().limit(length);
    long at = position;
    while (zeros.hasRemaining()) {
      at += channel.write(zeros, at);
    }
  }

  /** Where the zero-written region ends (for tests). */
  public long prepared() {
    return prepared;
  }
}
