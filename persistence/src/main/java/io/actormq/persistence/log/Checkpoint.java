package io.actormq.persistence.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The recovery checkpoint: the offset below which log and index were both forced to disk. Records
 * below it are trusted on open; records from it on are verified against the log. A stale checkpoint
 * only makes recovery verify more, so it is written without an fsync of its own; a torn one fails
 * its CRC and counts as absent (verify everything).
 *
 * <p>Format: {@code offset i64 | crc32c(offset) i32}.
 */
final class Checkpoint {

  private final Path file;
  private final ByteBuffer buffer = ByteBuffer.allocate(12);
  private final CRC32C crc = new CRC32C();

  Checkpoint(Path file) {
    this.file = file;
  }

  /** The stored offset, or 0 if the file is missing or damaged. */
  long read() throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length != 12) {
      return 0;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long offset = b.getLong();
    return b.getInt() == checksum(offset) && offset >= 0 ? offset : 0;
  }

  /** Flusher thread only. */
  void write(long offset) throws IOException {
    buffer.clear();
    buffer.putLong(offset).putInt(checksum(offset)).flip();
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      while (buffer.hasRemaining()) {
        ch.write(buffer, buffer.position());
      }
    }
  }

  private int checksum(long offset) {
    crc.reset();
    for (int shift = 56; shift >= 0; shift -= 8) {
      crc.update((int) (offset >>> shift));
    }
    return (int) crc.getValue();
  }
}
