package io.actormq.persistence.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue's append log: records in memory-mapped segments ({@link SegmentedLog}), an offset index
 * ({@link OffsetIndex}) that makes a read by logical offset O(1) and a lookup by store time a
 * binary search, a recovery checkpoint, and durability by {@link FlushPolicy}.
 *
 * <h2>Layout of {@code dir}</h2>
 *
 * {@code log/<physical base position>.log} segments, {@code index/<base offset>.idx} offset-index
 * files, {@code keys/} the key index ({@link io.actormq.persistence.index.KeyIndex}), {@code
 * checkpoint}. Records are opaque to the log; a {@link RecordFormat} validates them and supplies
 * the indexed fields.
 *
 * <h2>Thread safety</h2>
 *
 * Exactly one writer at a time (the queue's actor) calls {@link #append}, the retention methods and
 * {@link #close}; successive calls may come from different threads as long as each happens before
 * the next (an actor's messages do). Any thread may read: readers see a record once the append that
 * wrote it has returned, because the append publishes the new end through volatile fields only
 * after the record and its index entry are in place. Reads return slices of the mapped segments;
 * they stay valid after retention deletes a segment (see {@link LogSegment}). The {@link
 * FlushService} thread forces data to disk and writes the checkpoint.
 */
public final class QueueLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QueueLog.class);

  private static final CompletableFuture<Void> DURABLE_NOW =
      CompletableFuture.completedFuture(null);

  private final Path dir;
  private final LogConfig config;
  private final RecordFormat format;
  private final FlushService flusher;
  private final SegmentedLog segments;
  private final OffsetIndex index;
  private final RecordKeys keys;
  private final Checkpoint checkpoint;
  private final RecoveryReport recoveryReport;

  private volatile long minOffset;
  private volatile long nextOffset;
  private volatile long committedPosition;
  private volatile long flushedPosition;
  private volatile boolean closed;
  private long lastTimestamp;
  private final BatchStaging staging = new BatchStaging();
  private long lastCheckpoint = -1;

  private QueueLog(
      Path dir,
      LogConfig config,
      RecordFormat format,
      FlushService flusher,
      SegmentedLog segments,
      OffsetIndex index,
      RecordKeys keys,
      Checkpoint checkpoint,
      RecoveryReport report) {
    this.dir = dir;
    this.config = config;
    this.format = format;
    this.flusher = flusher;
    this.segments = segments;
    this.index = index;
    this.keys = keys;
    this.checkpoint = checkpoint;
    this.recoveryReport = report;
    this.minOffset = report.minOffset();
    this.nextOffset = report.nextOffset();
    this.committedPosition = segments.writePosition();
    this.flushedPosition = segments.writePosition();
    this.lastTimestamp =
        report.nextOffset() > report.minOffset()
            ? index.storeTimestamp(report.nextOffset() - 1)
            : 0;
  }

  /** Opens (creating if needed) the log in {@code dir}, recovering it if it was not closed. */
  public static QueueLog open(Path dir, LogConfig config, RecordFormat format, FlushService flusher)
      throws IOException {
    Files.createDirectories(dir);
    SegmentedLog segments = SegmentedLog.open(dir.resolve("log"), config.segmentBytes());
    OffsetIndex index = OffsetIndex.open(dir.resolve("index"), config.indexEntriesPerFile());
    Checkpoint checkpoint = new Checkpoint(dir.resolve("checkpoint"));
    RecoveryReport report =
        new LogRecovery(segments, index, format, dir.toString()).recover(checkpoint.read());
    RecordKeys keys = RecordKeys.open(dir.resolve("keys"), config, format);
    QueueLog queueLog =
        new QueueLog(dir, config, format, flusher, segments, index, keys, checkpoint, report);
    keys.catchUp(segments, index, report.minOffset(), report.nextOffset());
    flusher.register(queueLog);
    return queueLog;
  }

  public RecoveryReport recoveryReport() {
    return recoveryReport;
  }

  /** The lowest offset that can still be read. */
  public long minOffset() {
    return minOffset;
  }

  /** The offset the next append gets (RocketMQ's "max offset"). */
  public long nextOffset() {
    return nextOffset;
  }

  public Appended append(ByteBuffer record) throws IOException {
    return append(List.of(record));
  }

  /**
   * Appends a batch; writer only. The records' bytes (position to limit) are copied into the log
   * and stamped by the {@link RecordFormat}; the buffers themselves are not changed.
   *
   * @throws IllegalArgumentException if any record fails the format's validation or exceeds the
   *     segment size; nothing of the batch is written then
   */
  public Appended append(List<ByteBuffer> records) throws IOException {
    if (closed) {
      throw new IllegalStateException("log " + dir + " is closed");
    }
    if (records.isEmpty()) {
      throw new IllegalArgumentException("an append needs at least one record");
    }
    for (int i = 0; i < records.size(); i++) {
      ByteBuffer r = records.get(i);
      if (r.remaining() > config.segmentBytes()
          || format.validate(r, r.position(), r.limit()) != r.remaining()) {
        throw new IllegalArgumentException(
            "record "
                + i
                + " of the batch is not one valid record of at most "
                + config.segmentBytes()
                + " bytes");
      }
    }
    long first = nextOffset;
    long startPosition = segments.writePosition();
    long firstPosition = -1;
    long offset = first;
    LogSegment runSegment = null;
    long runStart = 0;
    staging.clear();
    try {
      for (ByteBuffer r : records) {
        int size = r.remaining();
        long position = segments.reserve(size);
        LogSegment segment = segments.active();
        if (segment != runSegment) {
          // A new segment began: what is staged belongs to the previous one.
          staging.writeTo(runSegment, runStart);
          runSegment = segment;
          runStart = position;
        }
        int at = staging.stage(r);
        ByteBuffer staged = staging.buffer();
        format.stamp(staged, at, offset, position);
        lastTimestamp = Math.max(lastTimestamp, format.storeTimestamp(staged, at));
        index.append(offset, position, size, format.tagHash(staged, at), lastTimestamp);
        keys.index(staged, at, offset, lastTimestamp);
        segments.advance(position + size);
        if (firstPosition < 0) {
          firstPosition = position;
        }
        offset++;
      }
      staging.writeTo(runSegment, runStart);
    } catch (IOException | RuntimeException e) {
      // Unpublished bytes must not survive: recovery would take them for records.
      segments.truncateTo(startPosition);
      index.truncateFrom(first);
      keys.forgetAfter(first - 1);
      throw e;
    }
    committedPosition = segments.writePosition();
    nextOffset = offset;
    CompletionStage<Void> durable =
        config.flushPolicy() == FlushPolicy.SYNC
            ? flusher.requestSync(this, committedPosition, records.size())
            : DURABLE_NOW;
    return new Appended(first, records.size(), firstPosition, durable);
  }

  /**
   * Reads up to {@code maxRecords} records (and, beyond the first, at most {@code maxBytes} bytes)
   * from {@code offset}, skipping records the filter rejects; at most {@link
   * LogConfig#maxScanPerRead()} records are scanned. Any thread.
   *
   * @param filter null to take every record
   */
  public ReadResult read(long offset, int maxRecords, int maxBytes, TagFilter filter) {
    long min = minOffset;
    long next = nextOffset;
    if (offset < min) {
      return ReadResult.empty(ReadResult.Status.OFFSET_TOO_SMALL, min, min, next);
    }
    if (offset > next) {
      return ReadResult.empty(ReadResult.Status.OFFSET_OVERFLOW, next, min, next);
    }
    if (offset == next) {
      return ReadResult.empty(ReadResult.Status.NO_NEW_RECORDS, next, min, next);
    }
    List<ByteBuffer> runs = new ArrayList<>(2);
    LogSegment runSegment = null;
    long runStart = 0;
    long runEnd = 0;
    int count = 0;
    int bytes = 0;
    long o = offset;
    long scanEnd = Math.min(next, offset + config.maxScanPerRead());
    for (; o < scanEnd && count < maxRecords; o++) {
      if (filter != null && !filter.accept(index.tagHash(o))) {
        continue;
      }
      long position = index.position(o);
      int size = index.size(o);
      if (count > 0 && (long) bytes + size > maxBytes) {
        break;
      }
      if (runSegment != null && position == runEnd && position < runSegment.endPosition()) {
        runEnd += size;
      } else {
        LogSegment segment = position < 0 ? null : segments.segmentFor(position);
        if (segment == null) {
          // Retention removed it between our look at minOffset and now.
          return ReadResult.empty(ReadResult.Status.OFFSET_TOO_SMALL, minOffset, minOffset, next);
        }
        addRun(runs, runSegment, runStart, runEnd);
        runSegment = segment;
        runStart = position;
        runEnd = position + size;
      }
      count++;
      bytes += size;
    }
    addRun(runs, runSegment, runStart, runEnd);
    ReadResult.Status status = count > 0 ? ReadResult.Status.FOUND : ReadResult.Status.ALL_FILTERED;
    return new ReadResult(status, runs, count, bytes, o, min, next);
  }

  private static void addRun(List<ByteBuffer> runs, LogSegment segment, long start, long end) {
    if (segment != null) {
      runs.add(segment.slice((int) (start - segment.basePosition()), (int) (end - start)));
    }
  }

  /** The record at {@code offset} as a read-only slice, or null if it is not readable. */
  public ByteBuffer readOne(long offset) {
    IndexEntry entry = entry(offset);
    if (entry == null) {
      return null;
    }
    LogSegment segment = segments.segmentFor(entry.position());
    return segment == null
        ? null
        : segment.slice((int) (entry.position() - segment.basePosition()), entry.size());
  }

  /**
   * The record stored at physical {@code position}, or null if no readable record starts there. The
   * position may come from a client (an offsetMsgId), so it is checked against the index: a
   * position inside a record or in deleted data yields null. Any thread.
   */
  public ByteBuffer readAtPosition(long position) {
    LogSegment segment = segments.segmentFor(position);
    if (segment == null || position >= committedPosition) {
      return null;
    }
    long offset = firstOffsetAtOrAfterPosition(position);
    IndexEntry entry = offset < nextOffset ? index.entry(offset) : null;
    if (entry == null || entry.position() != position) {
      return null;
    }
    return segment.slice((int) (position - segment.basePosition()), entry.size());
  }

  /** The index entry of {@code offset}, or null outside {@code [minOffset, nextOffset)}. */
  public IndexEntry entry(long offset) {
    if (offset < minOffset || offset >= nextOffset) {
      return null;
    }
    return index.entry(offset);
  }

  /**
   * Offsets of records with {@code key} among their keys (see {@link RecordFormat#forEachKey})
   * stored in {@code [beginTimestamp, endTimestamp]}, newest first. Keys are indexed by hash, so
   * the caller checks each record's keys before answering. Any thread.
   */
  public long[] offsetsForKey(String key, long beginTimestamp, long endTimestamp, int maxResults) {
    return keys.lookup(key, beginTimestamp, endTimestamp, maxResults, minOffset);
  }

  /**
   * The first offset stored at or after {@code timestamp} (epoch ms), or {@link #nextOffset()} if
   * every record is older. Exact to the millisecond; a binary search over the index.
   */
  public long firstOffsetStoredAtOrAfter(long timestamp) {
    long lo = minOffset;
    long hi = nextOffset;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (index.storeTimestamp(mid) < timestamp) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The last offset stored at or before {@code timestamp}, or -1 if every record is newer. */
  public long lastOffsetStoredAtOrBefore(long timestamp) {
    long after =
        firstOffsetStoredAtOrAfter(timestamp == Long.MAX_VALUE ? timestamp : timestamp + 1);
    return after > minOffset ? after - 1 : -1;
  }

  // ---- retention (writer only) ----

  /**
   * Deletes the oldest segments whose newest record was stored before {@code cutoffMillis}, never
   * the segment that takes the next write.
   *
   * @return the number of segments deleted
   */
  public int deleteSegmentsStoredBefore(long cutoffMillis) throws IOException {
    LogSegment[] all = segments.segments();
    int expired = 0;
    while (expired < all.length - 1
        && newestTimestampIn(all[expired + 1].basePosition()) < cutoffMillis) {
      expired++;
    }
    return deleteOldestSegments(expired);
  }

  /**
   * Deletes the oldest segments that hold only records below {@code offset}, never the active one:
   * for logs whose owner knows which records it no longer needs (the timer's parked messages).
   *
   * @return the number of segments deleted
   */
  public int deleteSegmentsBelow(long offset) throws IOException {
    LogSegment[] all = segments.segments();
    int obsolete = 0;
    while (obsolete < all.length - 1
        && firstOffsetAtOrAfterPosition(all[obsolete + 1].basePosition()) <= offset) {
      obsolete++;
    }
    return deleteOldestSegments(obsolete);
  }

  /** Deletes up to {@code count} of the oldest segments, never the active one (disk pressure). */
  public int deleteOldestSegments(int count) throws IOException {
    int before = segments.segmentCount();
    long start = segments.deleteOldest(count);
    int deleted = before - segments.segmentCount();
    if (deleted > 0) {
      minOffset = firstOffsetAtOrAfterPosition(start);
      index.deleteFilesBefore(minOffset);
      keys.deleteBefore(minOffset);
    }
    return deleted;
  }

  /** Store time of the last record before {@code nextSegmentBase}. */
  private long newestTimestampIn(long nextSegmentBase) {
    long firstInNext = firstOffsetAtOrAfterPosition(nextSegmentBase);
    return firstInNext > minOffset ? index.storeTimestamp(firstInNext - 1) : Long.MAX_VALUE;
  }

  private long firstOffsetAtOrAfterPosition(long position) {
    long lo = minOffset;
    long hi = nextOffset;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (index.position(mid) < position) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Disk bytes the segments occupy at most (their preallocated sizes). */
  public long segmentBytesOnDisk() {
    long total = 0;
    for (LogSegment s : segments.segments()) {
      total += s.capacity();
    }
    return total;
  }

  // ---- flushing (flusher thread, and close) ----

  long flushedPosition() {
    return flushedPosition;
  }

  /** Forces the log up to what is published. */
  synchronized void flushLog() {
    if (closed) {
      return;
    }
    long target = committedPosition;
    if (target > flushedPosition) {
      try {
        segments.force(flushedPosition, target);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot force the log of " + dir, e);
      }
      flushedPosition = target;
    }
  }

  /**
   * Keeps the active segment written with zeros ahead of the writer, if this log's policy wants it
   * (see {@link LogConfig#zeroAheadBytes()}). Best effort: a failure only costs speed, since the
   * writer's own writes allocate what they need.
   */
  synchronized void zeroAhead() {
    if (closed || config.flushPolicy() != FlushPolicy.SYNC || config.zeroAheadBytes() == 0) {
      return;
    }
    try {
      segments.zeroAhead(config.zeroAheadBytes());
    } catch (ClosedChannelException e) {
      // Retention deleted the segment that was active when we looked: the next call sees the new.
      log.debug("{}: segment closed while zeroing ahead", this);
    } catch (IOException e) {
      log.warn("{}: cannot zero ahead of the writer: {}", this, e.toString());
    }
  }

  /** Forces log and index and records how far both are durable. */
  synchronized void checkpoint() {
    if (closed) {
      return;
    }
    long durableOffset = nextOffset;
    if (durableOffset == lastCheckpoint && flushedPosition == committedPosition) {
      // Nothing appended since the last checkpoint: a node with thousands of idle queues must not
      // force thousands of files every interval.
      return;
    }
    flushLog();
    long from = Math.max(minOffset, lastCheckpoint);
    index.force(from, durableOffset);
    keys.flush();
    if (durableOffset != lastCheckpoint) {
      try {
        checkpoint.write(durableOffset);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write checkpoint of " + dir, e);
      }
      lastCheckpoint = durableOffset;
    }
  }

  /** Forces everything, writes the checkpoint and releases the log. Writer only. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    flusher.unregister(this);
    synchronized (this) {
      // Under the flush lock, so a checkpoint already running on the flusher finishes first.
      checkpoint();
      closed = true;
    }
    keys.close();
    index.close();
    segments.close();
  }

  @Override
  public String toString() {
    return "QueueLog[" + dir + "]";
  }
}
