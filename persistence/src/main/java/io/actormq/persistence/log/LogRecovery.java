package io.actormq.persistence.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a log and its offset index back into agreement when a {@link QueueLog} opens.
 *
 * <ol>
 *   <li>The index is walked from the first entry that points into the oldest segment: every entry
 *       must pass its CRC and continue the previous one (same segment right after it, or the base
 *       of the next segment). Entries at or after the checkpoint are also checked against the
 *       record they point to, since only data below the checkpoint is known to have reached disk.
 *   <li>From the first entry that fails, the index is rebuilt by scanning the log record by record
 *       with the {@link RecordFormat}'s validation (length, CRC, logical offset).
 *   <li>The log is cut at the first position that holds no valid record: the torn tail is zeroed
 *       and later segments are deleted.
 * </ol>
 *
 * Nothing acknowledged under {@link FlushPolicy#SYNC} is lost this way: its bytes were forced
 * before the acknowledgement, so they validate, and the walk never stops before them.
 */
final class LogRecovery {

  private static final Logger log = LoggerFactory.getLogger(LogRecovery.class);

  private final SegmentedLog segments;
  private final OffsetIndex index;
  private final RecordFormat format;
  private final String name;

  LogRecovery(SegmentedLog segments, OffsetIndex index, RecordFormat format, String name) {
    this.segments = segments;
    this.index = index;
    this.format = format;
    this.name = name;
  }

  RecoveryReport recover(long checkpoint) throws IOException {
    if (segments.segmentCount() == 0) {
      index.truncateFrom(Math.max(0, index.firstFileBase()));
      return new RecoveryReport(0, 0, checkpoint, 0, -1);
    }
    long start = segments.startPosition();
    long min = firstIndexedOffsetAt(start);
    long offset;
    long position;
    if (min < 0) {
      LogSegment first = segments.segmentFor(start);
      int size = format.validate(first.buffer(), 0, first.capacity());
      long stamped = size > 0 ? format.logicalOffset(first.buffer(), 0) : -1;
      min = Math.max(0, stamped);
      if (index.firstFileBase() >= 0) {
        index.truncateFrom(index.firstFileBase());
      }
      offset = min;
      position = start;
    } else {
      long[] walked = walkIndex(min, start, checkpoint);
      offset = walked[0];
      position = walked[1];
    }
    return rebuildFrom(min, offset, position, checkpoint);
  }

  /** The first offset whose intact entry points at {@code start}, or -1. */
  private long firstIndexedOffsetAt(long start) {
    long base = index.firstFileBase();
    if (base < 0) {
      return -1;
    }
    for (long o = base; index.isIntact(o); o++) {
      long position = index.position(o);
      if (position == start) {
        return o;
      }
      if (position > start) {
        return -1;
      }
    }
    return -1;
  }

  /** Returns {offset, position} of the first entry that cannot be trusted. */
  private long[] walkIndex(long min, long start, long checkpoint) {
    long o = min;
    long expected = start;
    while (index.isIntact(o)) {
      long position = index.position(o);
      int size = index.size(o);
      LogSegment segment = segments.segmentFor(position);
      boolean continues =
          position == expected
              || (segments.segmentFor(expected) != null
                  && position == segments.segmentFor(expected).endPosition());
      if (!continues || segment == null || position + size > segment.endPosition()) {
        break;
      }
      if (o >= checkpoint && !recordMatches(segment, position, size, o)) {
        break;
      }
      expected = position + size;
      o++;
    }
    return new long[] {o, expected};
  }

  private boolean recordMatches(LogSegment segment, long position, int size, long offset) {
    int at = (int) (position - segment.basePosition());
    if (format.validate(segment.buffer(), at, segment.capacity()) != size) {
      return false;
    }
    long stamped = format.logicalOffset(segment.buffer(), at);
    return stamped < 0 || stamped == offset;
  }

  private RecoveryReport rebuildFrom(long min, long offset, long position, long checkpoint)
      throws IOException {
    index.truncateFrom(offset);
    long lastTimestamp = offset > min ? index.storeTimestamp(offset - 1) : 0;
    long rebuilt = 0;
    while (true) {
      LogSegment segment = segments.segmentFor(position);
      int size = segment == null ? -1 : validAt(segment, position, offset);
      if (size < 0 && segment != null) {
        // The writer may have rolled: the next record then starts the next segment.
        LogSegment next = segments.segmentFor(segment.endPosition());
        if (next != null && validAt(next, next.basePosition(), offset) > 0) {
          position = next.basePosition();
          segment = next;
          size = validAt(next, position, offset);
        }
      }
      if (size < 0) {
        break;
      }
      ByteBuffer buf = segment.buffer();
      int at = (int) (position - segment.basePosition());
      lastTimestamp = Math.max(lastTimestamp, format.storeTimestamp(buf, at));
      index.append(offset, position, size, format.tagHash(buf, at), lastTimestamp);
      rebuilt++;
      offset++;
      position += size;
    }
    long truncatedAt = hasBytesAfter(position) ? position : -1;
    segments.truncateTo(position);
    if (rebuilt > 0) {
      log.info("{}: rebuilt {} index entries from the log", name, rebuilt);
    }
    if (truncatedAt >= 0) {
      log.warn(
          "{}: cut a torn or corrupt tail at position {} (next offset {})",
          name,
          truncatedAt,
          offset);
    }
    return new RecoveryReport(min, offset, checkpoint, rebuilt, truncatedAt);
  }

  private int validAt(LogSegment segment, long position, long offset) {
    int at = (int) (position - segment.basePosition());
    if (at >= segment.capacity()) {
      return -1;
    }
    int size = format.validate(segment.buffer(), at, segment.capacity());
    if (size <= 0) {
      return -1;
    }
    long stamped = format.logicalOffset(segment.buffer(), at);
    return stamped < 0 || stamped == offset ? size : -1;
  }

  private boolean hasBytesAfter(long position) {
    LogSegment segment = segments.segmentFor(position);
    if (segment == null) {
      return false;
    }
    int at = (int) (position - segment.basePosition());
    boolean laterSegments = segments.segmentFor(segment.endPosition()) != null;
    return laterSegments
        || (at + Integer.BYTES <= segment.capacity() && segment.buffer().getInt(at) != 0);
  }
}
