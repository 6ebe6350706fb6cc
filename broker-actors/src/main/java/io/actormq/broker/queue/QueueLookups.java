package io.actormq.broker.queue;

import io.actormq.broker.queue.QueueCommand.GetBounds;
import io.actormq.broker.queue.QueueCommand.OffsetReply;
import io.actormq.broker.queue.QueueCommand.QueryKey;
import io.actormq.broker.queue.QueueCommand.QueueBounds;
import io.actormq.broker.queue.QueueCommand.ReadAt;
import io.actormq.broker.queue.QueueCommand.ReadOffsets;
import io.actormq.broker.queue.QueueCommand.Records;
import io.actormq.broker.queue.QueueCommand.SearchOffset;
import io.actormq.persistence.log.IndexEntry;
import io.actormq.persistence.log.QueueLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link QueueActor}'s lookups: bounds, search by time, records by offset, id or key. Each is
 * answered at once from the log's indexes and mapped segments (reads never block on I/O the way
 * writes may). Confined to the actor.
 */
final class QueueLookups {

  private final QueueLog log;
  private final long commitLogBase;
  private final long offsetMask;

  QueueLookups(QueueLog log, long commitLogBase, long offsetMask) {
    this.log = log;
    this.commitLogBase = commitLogBase;
    this.offsetMask = offsetMask;
  }

  void answer(GetBounds g) {
    g.replyTo().tell(bounds());
  }

  void answer(SearchOffset s) {
    s.replyTo().tell(new OffsetReply(search(s)));
  }

  void answer(ReadAt r) {
    r.replyTo().tell(new Records(readAt(r.commitLogOffset())));
  }

  void answer(ReadOffsets r) {
    r.replyTo().tell(new Records(read(r.offsets())));
  }

  void answer(QueryKey q) {
    long[] offsets = log.offsetsForKey(q.key(), q.beginTimestamp(), q.endTimestamp(), q.max());
    q.replyTo().tell(new Records(read(offsets)));
  }

  private QueueBounds bounds() {
    long min = log.minOffset();
    long max = log.nextOffset();
    IndexEntry first = log.entry(min);
    IndexEntry last = log.entry(max - 1);
    long bytes = first == null ? 0 : last.position() + last.size() - first.position();
    return new QueueBounds(min, max, first == null ? 0 : first.storeTimestamp(), bytes);
  }

  private long search(SearchOffset s) {
    return s.upper()
        ? Math.max(log.minOffset(), log.lastOffsetStoredAtOrBefore(s.timestamp()))
        : log.firstOffsetStoredAtOrAfter(s.timestamp());
  }

  // An id of another queue (or another broker) finds nothing here.
  private List<ByteBuffer> readAt(long commitLogOffset) {
    if ((commitLogOffset & ~offsetMask) != commitLogBase) {
      return List.of();
    }
    ByteBuffer record = log.readOne(commitLogOffset & offsetMask);
    return record == null ? List.of() : List.of(record);
  }

  private List<ByteBuffer> read(long[] offsets) {
    List<ByteBuffer> found = new ArrayList<>(offsets.length);
    for (long offset : offsets) {
      ByteBuffer record = log.readOne(offset);
      if (record != null) {
        found.add(record);
      }
    }
    return found;
  }
}
