package io.actormq.persistence.log;

import io.actormq.persistence.index.KeyIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The {@link KeyIndex} of a {@link QueueLog}, fed with the keys its {@link RecordFormat} finds in
 * each record. Same thread rules as the log: the writer indexes, any thread looks up.
 */
final class RecordKeys implements AutoCloseable, IntConsumer {

  private final KeyIndex keys;
  private final RecordFormat format;
  // The record being indexed: a reused sink, so indexing allocates no closure per append.
  private long offset;
  private long timestamp;

  private RecordKeys(KeyIndex keys, RecordFormat format) {
    this.keys = keys;
    this.format = format;
  }

  static RecordKeys open(Path dir, LogConfig config, RecordFormat format) throws IOException {
    return new RecordKeys(
        KeyIndex.open(dir, config.keyIndexSlots(), config.keyIndexEntriesPerFile()), format);
  }

  void index(ByteBuffer buf, int at, long recordOffset, long storeTimestamp) {
    offset = recordOffset;
    timestamp = storeTimestamp;
    format.forEachKeyHash(buf, at, this);
  }

  @Override
  public void accept(int keyHash) {
    keys.addHash(keyHash, offset, timestamp);
  }

  /**
   * Brings the key index level with the log after recovery: it may be ahead of a log whose tail was
   * cut, and it is behind after a crash.
   */
  void catchUp(SegmentedLog segments, OffsetIndex index, long minOffset, long nextOffset) {
    if (keys.lastIndexedOffset() >= nextOffset) {
      keys.truncateAfter(nextOffset - 1);
    }
    for (long o = Math.max(minOffset, keys.lastIndexedOffset() + 1); o < nextOffset; o++) {
      IndexEntry entry = index.entry(o);
      LogSegment segment = segments.segmentFor(entry.position());
      index(
          segment.buffer(),
          (int) (entry.position() - segment.basePosition()),
          o,
          entry.storeTimestamp());
    }
  }

  /** Offsets at or above {@code minOffset} whose keys hash like {@code key}, newest first. */
  long[] lookup(String key, long beginTimestamp, long endTimestamp, int max, long minOffset) {
    long[] found = keys.lookup(key, beginTimestamp, endTimestamp, max);
    int kept = 0;
    for (long o : found) {
      if (o >= minOffset) {
        found[kept++] = o;
      }
    }
    return kept == found.length ? found : Arrays.copyOf(found, kept);
  }

  void forgetAfter(long lastKeptOffset) {
    keys.truncateAfter(lastKeptOffset);
  }

  void deleteBefore(long minOffset) {
    keys.deleteFilesBefore(minOffset);
  }

  void flush() {
    keys.flush();
  }

  @Override
  public void close() {
    keys.close();
  }
}
