package io.actormq.persistence.log;

/**
 * One offset-index entry: where a record lives and what the index knows about it.
 *
 * @param position the record's physical position in the log (segment base + position in segment)
 * @param storeTimestamp the record's store time, raised where needed so the index never goes back
 *     in time (the time lookup relies on it)
 */
public record IndexEntry(long offset, long position, int size, int tagHash, long storeTimestamp) {}
