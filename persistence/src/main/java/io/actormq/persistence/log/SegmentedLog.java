package io.actormq.persistence.log;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The physical half of a {@link QueueLog}: records back to back in fixed-size segment files,
 * addressed by physical position (segment base + position in segment). A record never spans two
 * segments; when one does not fit, the rest of the segment stays zero and the record starts the
 * next segment, whose base is the previous segment's end.
 *
 * <p>Thread safety: one writer; readers resolve positions against the volatile segment array, which
 * the writer replaces (copy on write) when it adds or deletes a segment.
 */
final class SegmentedLog implements AutoCloseable {

  private final Path dir;
  private final int segmentBytes;
  private volatile LogSegment[] segments;
  private long writePosition;

  private SegmentedLog(Path dir, int segmentBytes, LogSegment[] segments) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.segments = segments;
    this.writePosition = segments.length == 0 ? 0 : segments[0].basePosition();
  }

  static SegmentedLog open(Path dir, int segmentBytes) throws IOException {
    Files.createDirectories(dir);
    List<Path> paths;
    try (Stream<Path> list = Files.list(dir)) {
      paths =
          list.filter(p -> p.getFileName().toString().endsWith(LogSegment.SUFFIX))
              .sorted()
              .toList();
    }
    List<LogSegment> opened = new ArrayList<>();
    for (Path path : paths) {
      LogSegment segment = LogSegment.open(path);
      if (!opened.isEmpty()
          && opened.get(opened.size() - 1).endPosition() != segment.basePosition()) {
        throw new IOException(
            "segment " + path + " does not continue " + opened.get(opened.size() - 1).file());
      }
      opened.add(segment);
    }
    return new SegmentedLog(dir, segmentBytes, opened.toArray(LogSegment[]::new));
  }

  /** Physical position of the oldest byte still on disk. */
  long startPosition() {
    LogSegment[] s = segments;
    return s.length == 0 ? writePosition : s[0].basePosition();
  }

  long writePosition() {
    return writePosition;
  }

  int segmentCount() {
    return segments.length;
  }

  /**
   * Where a record of {@code size} bytes goes next, adding a segment when the active one cannot
   * take it. Writer only.
   */
  long reserve(int size) throws IOException {
    if (size > segmentBytes) {
      throw new IllegalArgumentException(
          "record of " + size + " bytes exceeds the segment size " + segmentBytes);
    }
    LogSegment[] s = segments;
    LogSegment active = s.length == 0 ? null : s[s.length - 1];
    if (active == null || writePosition + size > active.endPosition()) {
      long base = active == null ? writePosition : active.endPosition();
      LogSegment added = LogSegment.create(dir, base, segmentBytes);
      LogSegment[] grown = Arrays.copyOf(s, s.length + 1);
      grown[s.length] = added;
      segments = grown;
      writePosition = base;
    }
    return writePosition;
  }

  /** The segment that takes the next write; null before the first {@link #reserve}. */
  LogSegment active() {
    LogSegment[] s = segments;
    return s.length == 0 ? null : s[s.length - 1];
  }

  /** Moves the write position past a record placed at the position {@link #reserve} returned. */
  void advance(long newWritePosition) {
    writePosition = newWritePosition;
  }

  /** The segment holding {@code position}, or null if it was deleted or never written. */
  LogSegment segmentFor(long position) {
    LogSegment[] s = segments;
    int lo = 0;
    int hi = s.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      LogSegment m = s[mid];
      if (position < m.basePosition()) {
        hi = mid - 1;
      } else if (position >= m.endPosition()) {
        lo = mid + 1;
      } else {
        return m;
      }
    }
    return null;
  }

  /** The segment after the one holding {@code position}, or null. */
  LogSegment segmentAfter(long position) {
    LogSegment current = segmentFor(position);
    return current == null ? null : segmentFor(current.endPosition());
  }

  /**
   * Cuts the log at {@code position}: zeroes what follows in its segment and deletes later
   * segments. Recovery only.
   */
  void truncateTo(long position) throws IOException {
    LogSegment[] s = segments;
    int keep = 0;
    while (keep < s.length && s[keep].basePosition() <= position) {
      keep++;
    }
    if (keep < s.length) {
      segments = Arrays.copyOf(s, keep);
      for (int i = keep; i < s.length; i++) {
        s[i].delete();
      }
    }
    LogSegment holder = segmentFor(position);
    if (holder != null) {
      int at = (int) (position - holder.basePosition());
      holder.zeroFrom(at);
      holder.resetWriteClaim(at);
    }
    writePosition = position;
  }

  /**
   * Deletes the {@code count} oldest segments, never the one that takes the next write.
   *
   * @return the physical start position after the deletion
   */
  long deleteOldest(int count) {
    LogSegment[] s = segments;
    int drop = Math.min(count, s.length - 1);
    if (drop <= 0) {
      return startPosition();
    }
    segments = Arrays.copyOfRange(s, drop, s.length);
    for (int i = 0; i < drop; i++) {
      s[i].delete();
    }
    return startPosition();
  }

  /** The segments in order; a snapshot, for retention decisions and flushing. */
  LogSegment[] segments() {
    return segments;
  }

  /** Forces the bytes in {@code [from, to)} to disk: one fdatasync per segment they touch. */
  void force(long from, long to) throws IOException {
    for (LogSegment segment : segments) {
      if (segment.endPosition() > from && segment.basePosition() < to) {
        try {
          segment.force();
        } catch (ClosedChannelException e) {
          if (segmentFor(segment.basePosition()) == segment) {
            throw e;
          }
          // Retention deleted it meanwhile: there is nothing left to make durable.
        }
      }
    }
  }

  /**
   * Zeroes ahead of the writer in the active segment (see {@link LogSegment#zeroAhead}). Flusher
   * only.
   */
  int zeroAhead(int ahead) throws IOException {
    LogSegment segment = active();
    return segment == null ? 0 : segment.zeroAhead(ahead);
  }

  @Override
  public void close() {
    LogSegment[] s = segments;
    segments = new LogSegment[0];
    for (LogSegment segment : s) {
      segment.close();
    }
  }
}
