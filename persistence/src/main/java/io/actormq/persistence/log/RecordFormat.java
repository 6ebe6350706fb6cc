package io.actormq.persistence.log;

import io.actormq.persistence.index.KeyIndex;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * What the log needs to know about the opaque records it stores. The engine never interprets a
 * record itself: validation during recovery, the per-record index fields and the fields that are
 * only known at append time (the logical offset and the physical position) all go through this
 * interface, so the same engine serves message queues and the Pekko journal.
 *
 * <p>All methods receive a buffer and an absolute position and must not change the buffer's
 * position or limit. They are called on the writer's thread (append, recovery) only.
 */
public interface RecordFormat {

  /**
   * Checks the record that starts at {@code pos}.
   *
   * @return the record's length in bytes if a complete, intact record starts at {@code pos} and
   *     ends at or before {@code limit}; a negative value otherwise (torn, corrupt or zero bytes)
   */
  int validate(ByteBuffer buf, int pos, int limit);

  /**
   * The logical offset that {@link #stamp} wrote into the record, or -1 if the format keeps none.
   * Recovery uses it to tell a record that continues the log from stale bytes.
   */
  default long logicalOffset(ByteBuffer buf, int pos) {
    return -1;
  }

  /** Writes fields only known once the record has its place in the log. */
  default void stamp(ByteBuffer buf, int pos, long logicalOffset, long physicalPosition) {}

  /** The time the record was stored, in epoch milliseconds, for the time lookup. */
  default long storeTimestamp(ByteBuffer buf, int pos) {
    return 0L;
  }

  /** The hash the read filter tests ({@link TagFilter}); 0 when the record has none. */
  default int tagHash(ByteBuffer buf, int pos) {
    return 0;
  }

  /** Feeds every lookup key of the record (message keys, unique id) to {@code sink}. */
  default void forEachKey(ByteBuffer buf, int pos, Consumer<String> sink) {}

  /**
   * Feeds the {@link KeyIndex#hash} of every key {@link #forEachKey} would feed, which is all the
   * key index stores. Formats whose keys lie in the record as UTF-8 bytes override it to hash them
   * in place, with no String per key on the append path.
   */
  default void forEachKeyHash(ByteBuffer buf, int pos, IntConsumer sink) {
    forEachKey(buf, pos, key -> sink.accept(KeyIndex.hash(key)));
  }
}
