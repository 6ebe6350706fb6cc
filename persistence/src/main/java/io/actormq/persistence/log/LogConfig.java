package io.actormq.persistence.log;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link QueueLog}. Defaults follow the broker's: 1 GiB segments, asynchronous
 * flush every 500 ms, 72 hours of retention.
 *
 * @param segmentBytes size of a preallocated segment file; a record never spans two segments, so
 *     this is also the largest record the log accepts
 * @param indexEntriesPerFile offset-index entries per index file (32 bytes each)
 * @param flushPolicy when an append counts as durable
 * @param flushInterval how often the flusher forces dirty data and writes the recovery checkpoint
 * @param maxScanPerRead how many filtered-out records one read may skip before it returns, so a
 *     selective filter over a long backlog cannot hold a reader for long
 * @param keyIndexSlots hash slots per key-index file
 * @param keyIndexEntriesPerFile entries per key-index file
 * @param zeroAheadBytes how far beyond the writer a {@link FlushPolicy#SYNC} log keeps its active
 *     segment physically written with zeros, so that the fsync acknowledging an append overwrites
 *     allocated blocks instead of committing new block allocations, which takes about twice as
 *     long; each log then occupies at most this much disk beyond its data. 0 turns it off. {@link
 *     FlushPolicy#ASYNC} logs ignore it: their fsyncs are off every producer's path, and the zeros
 *     would double their disk writes.
 */
public record LogConfig(
    int segmentBytes,
    int indexEntriesPerFile,
    FlushPolicy flushPolicy,
    Duration flushInterval,
    int maxScanPerRead,
    int keyIndexSlots,
    int keyIndexEntriesPerFile,
    int zeroAheadBytes) {

  public static final int DEFAULT_SEGMENT_BYTES = 1 << 30;
  public static final int DEFAULT_ZERO_AHEAD_BYTES = 2 << 20;

  public LogConfig {
    if (segmentBytes < 4096) {
      throw new IllegalArgumentException("segmentBytes must be at least 4096: " + segmentBytes);
    }
    if (indexEntriesPerFile < 1) {
      throw new IllegalArgumentException("indexEntriesPerFile must be positive");
    }
    if ((long) indexEntriesPerFile * OffsetIndex.ENTRY_BYTES > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("an index file must stay under 2 GiB");
    }
    Objects.requireNonNull(flushPolicy, "flushPolicy");
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be positive");
    }
    if (maxScanPerRead < 1 || keyIndexSlots < 1 || keyIndexEntriesPerFile < 1) {
      throw new IllegalArgumentException("scan and key-index sizes must be positive");
    }
    if (zeroAheadBytes < 0) {
      throw new IllegalArgumentException("zeroAheadBytes must not be negative: " + zeroAheadBytes);
    }
  }

  public static LogConfig defaults() {
    return new LogConfig(
        DEFAULT_SEGMENT_BYTES,
        1 << 20,
        FlushPolicy.ASYNC,
        Duration.ofMillis(500),
        16_000,
        65_536,
        262_144,
        DEFAULT_ZERO_AHEAD_BYTES);
  }

  public LogConfig withSegmentBytes(int bytes) {
    return new LogConfig(
        bytes,
        indexEntriesPerFile,
        flushPolicy,
        flushInterval,
        maxScanPerRead,
        keyIndexSlots,
        keyIndexEntriesPerFile,
        zeroAheadBytes);
  }

  public LogConfig withIndexEntriesPerFile(int entries) {
    return new LogConfig(
        segmentBytes,
        entries,
        flushPolicy,
        flushInterval,
        maxScanPerRead,
        keyIndexSlots,
        keyIndexEntriesPerFile,
        zeroAheadBytes);
  }

  public LogConfig withFlushPolicy(FlushPolicy policy) {
    return new LogConfig(
        segmentBytes,
        indexEntriesPerFile,
        policy,
        flushInterval,
        maxScanPerRead,
        keyIndexSlots,
        keyIndexEntriesPerFile,
        zeroAheadBytes);
  }

  public LogConfig withFlushInterval(Duration interval) {
    return new LogConfig(
        segmentBytes,
        indexEntriesPerFile,
        flushPolicy,
        interval,
        maxScanPerRead,
        keyIndexSlots,
        keyIndexEntriesPerFile,
        zeroAheadBytes);
  }

  public LogConfig withMaxScanPerRead(int records) {
    return new LogConfig(
        segmentBytes,
        indexEntriesPerFile,
        flushPolicy,
        flushInterval,
        records,
        keyIndexSlots,
        keyIndexEntriesPerFile,
        zeroAheadBytes);
  }

  public LogConfig withKeyIndex(int slots, int entriesPerFile) {
    return new LogConfig(
        segmentBytes,
        indexEntriesPerFile,
        flushPolicy,
        flushInterval,
        maxScanPerRead,
        slots,
        entriesPerFile,
        zeroAheadBytes);
  }

  public LogConfig withZeroAhead(int bytes) {
    return new LogConfig(
        segmentBytes,
        indexEntriesPerFile,
        flushPolicy,
        flushInterval,
        maxScanPerRead,
        keyIndexSlots,
        keyIndexEntriesPerFile,
        bytes);
  }
}
