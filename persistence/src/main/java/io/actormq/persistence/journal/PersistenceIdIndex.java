package io.actormq.persistence.journal;

import io.actormq.persistence.journal.JournalRecordFormat.Header;
import io.actormq.persistence.log.QueueLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In memory, per persistence id: the highest sequence number ever written, the deleted-to mark, and
 * the log offsets of the events that are not deleted, in sequence-number order. Rebuilt by scanning
 * the journal's log at start.
 *
 * <p>Thread-safe: the journal actor writes while replays run on dispatcher threads (Pekko calls
 * {@code asyncReplayMessages} from a future callback, not from the actor).
 */
final class PersistenceIdIndex {

  private static final Logger log = LoggerFactory.getLogger(PersistenceIdIndex.class);

  private final ConcurrentHashMap<String, Entries> byId = new ConcurrentHashMap<>();

  /** One persistence id's events; guarded by its own monitor. */
  private static final class Entries {
    long highest;
    long deletedTo;
    long[] seqNrs = new long[8];
    long[] offsets = new long[8];
    int size;

    synchronized void add(long seqNr, long offset) {
      highest = Math.max(highest, seqNr);
      if (seqNr <= deletedTo) {
        return;
      }
      int at = size;
      if (size > 0 && seqNrs[size - 1] >= seqNr) {
        // A sequence number written again (after a failed write): the later copy wins.
        int found = Arrays.binarySearch(seqNrs, 0, size, seqNr);
        if (found >= 0) {
          offsets[found] = offset;
          return;
        }
        at = -found - 1;
      }
      if (size == seqNrs.length) {
        seqNrs = Arrays.copyOf(seqNrs, size * 2);
        offsets = Arrays.copyOf(offsets, size * 2);
      }
      System.arraycopy(seqNrs, at, seqNrs, at + 1, size - at);
      System.arraycopy(offsets, at, offsets, at + 1, size - at);
      seqNrs[at] = seqNr;
      offsets[at] = offset;
      size++;
    }

    synchronized void deleteTo(long toSeqNr) {
      if (toSeqNr <= deletedTo) {
        return;
      }
      deletedTo = toSeqNr;
      highest = Math.max(highest, toSeqNr);
      int found = Arrays.binarySearch(seqNrs, 0, size, toSeqNr);
      int drop = found >= 0 ? found + 1 : -found - 1;
      System.arraycopy(seqNrs, drop, seqNrs, 0, size - drop);
      System.arraycopy(offsets, drop, offsets, 0, size - drop);
      size -= drop;
    }

    synchronized long[] offsets(long from, long to, long max) {
      int start = Arrays.binarySearch(seqNrs, 0, size, from);
      start = start >= 0 ? start : -start - 1;
      int end = start;
      while (end < size && seqNrs[end] <= to && end - start < max) {
        end++;
      }
      return Arrays.copyOfRange(offsets, start, end);
    }

    synchronized long highest() {
      return highest;
    }

    synchronized long deletedTo() {
      return deletedTo;
    }
  }

  void addEvent(String persistenceId, long sequenceNr, long offset) {
    byId.computeIfAbsent(persistenceId, k -> new Entries()).add(sequenceNr, offset);
  }

  void deleteTo(String persistenceId, long toSequenceNr) {
    byId.computeIfAbsent(persistenceId, k -> new Entries()).deleteTo(toSequenceNr);
  }

  /** The highest sequence number ever written (deleted or not), 0 for an unknown id. */
  long highest(String persistenceId) {
    Entries e = byId.get(persistenceId);
    return e == null ? 0 : e.highest();
  }

  long deletedTo(String persistenceId) {
    Entries e = byId.get(persistenceId);
    return e == null ? 0 : e.deletedTo();
  }

  /** Log offsets of the live events with sequence numbers in [from, to], at most {@code max}. */
  long[] offsets(String persistenceId, long from, long to, long max) {
    Entries e = byId.get(persistenceId);
    return e == null || max <= 0 || from > to ? new long[0] : e.offsets(from, to, max);
  }

  int size() {
    return byId.size();
  }

  /**
   * Scans {@code log} from its first record. Records of an AtomicWrite are applied only once its
   * last record is seen, so a write torn by a crash leaves no trace.
   */
  static PersistenceIdIndex rebuild(QueueLog queueLog) {
    PersistenceIdIndex index = new PersistenceIdIndex();
    List<Long> pendingOffsets = new ArrayList<>();
    List<Header> pending = new ArrayList<>();
    long torn = 0;
    for (long offset = queueLog.minOffset(); offset < queueLog.nextOffset(); offset++) {
      ByteBuffer record = queueLog.readOne(offset);
      if (record == null) {
        throw new IllegalStateException("journal record " + offset + " is not readable");
      }
      Header h = JournalRecordFormat.readHeader(record);
      if (h.indexInWrite() == 0 && !pending.isEmpty()) {
        torn += pending.size();
        pending.clear();
        pendingOffsets.clear();
      }
      if (h.indexInWrite() != pending.size()) {
        torn++;
        continue; // a fragment of a torn write; its start was dropped above
      }
      pending.add(h);
      pendingOffsets.add(offset);
      if (h.lastOfWrite()) {
        for (int i = 0; i < pending.size(); i++) {
          index.apply(pending.get(i), pendingOffsets.get(i));
        }
        pending.clear();
        pendingOffsets.clear();
      }
    }
    torn += pending.size();
    if (torn > 0) {
      log.warn("Journal: ignored {} record(s) of atomic writes that a crash left incomplete", torn);
    }
    return index;
  }

  private void apply(Header h, long offset) {
    if (h.type() == JournalRecordFormat.TYPE_EVENT) {
      addEvent(h.persistenceId(), h.sequenceNr(), offset);
    } else if (h.type() == JournalRecordFormat.TYPE_DELETION) {
      deleteTo(h.persistenceId(), h.sequenceNr());
    } else {
      log.warn("Journal record {} has unknown type {}; skipped", offset, h.type());
    }
  }
}
