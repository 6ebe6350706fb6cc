package io.actormq.persistence.log;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a read found. {@code runs} are read-only slices of the mapped segments, each a run of
 * consecutive stored records: concatenated they are the records in offset order, byte for byte as
 * stored, so a pull response can send them without copying.
 *
 * @param nextOffset the offset the next read should start at (one past the last record scanned)
 * @param minOffset the log's lowest readable offset at the time of the read
 * @param maxOffset the offset the next append will get (RocketMQ's "max offset")
 */
public record ReadResult(
    Status status,
    List<ByteBuffer> runs,
    int count,
    int bytes,
    long nextOffset,
    long minOffset,
    long maxOffset) {

  public enum Status {
    /** At least one record matched. */
    FOUND,
    /** Records were scanned but the filter took none; resume at {@code nextOffset}. */
    ALL_FILTERED,
    /** The offset is the next one to be written: nothing to read yet. */
    NO_NEW_RECORDS,
    /** The offset was deleted by retention (or never existed); resume at {@code minOffset}. */
    OFFSET_TOO_SMALL,
    /** The offset lies beyond the next one to be written. */
    OFFSET_OVERFLOW
  }

  static ReadResult empty(Status status, long nextOffset, long minOffset, long maxOffset) {
    return new ReadResult(status, List.of(), 0, 0, nextOffset, minOffset, maxOffset);
  }
}
