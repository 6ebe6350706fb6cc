package io.actormq.persistence.log;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where an append copies its batch before writing it: the records are stamped and indexed here,
 * then written to their segment with one pwrite (page faults on a fresh mapping cost several times
 * more than the kernel's copy). The buffer grows to the largest batch seen, up to {@link
 * #MAX_KEPT}; a larger batch gets a buffer of its own, dropped after its write. Writer only.
 */
final class BatchStaging {

  static final int MAX_KEPT = 8 << 20;

  private ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

  /** The buffer the staged records are in; it changes when a record makes it grow. */
  ByteBuffer buffer() {
    return buffer;
  }

  /** Copies a record (position to limit, left unchanged) after the staged ones; returns where. */
  int stage(ByteBuffer record) {
    if (buffer.remaining() < record.remaining()) {
      int needed = buffer.position() + record.remaining();
      ByteBuffer grown =
          ByteBuffer.allocateDirect(Math.max(needed, Math.min(2 * buffer.capacity(), MAX_KEPT)));
      buffer.flip();
      grown.put(buffer);
      buffer = grown;
    }
    int at = buffer.position();
    buffer.put(record.duplicate());
    return at;
  }

  /** Writes everything staged to {@code segment} at physical {@code position}, then clears. */
  void writeTo(LogSegment segment, long position) throws IOException {
    if (segment != null && buffer.position() > 0) {
      buffer.flip();
      segment.write((int) (position - segment.basePosition()), buffer);
    }
    clear();
  }

  void clear() {
    if (buffer.capacity() > MAX_KEPT) {
      buffer = ByteBuffer.allocateDirect(MAX_KEPT);
    }
    buffer.clear();
  }
}
