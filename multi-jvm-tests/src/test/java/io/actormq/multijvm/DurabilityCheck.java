package io.actormq.multijvm;

import io.actormq.multijvm.ConsumedMessages.Delivery;
import io.actormq.multijvm.SequencedProducer.Ack;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What "nothing acknowledged is lost" means for a {@link SequencedProducer}'s acknowledgements
 * against a consumer's deliveries:
 *
 * <ul>
 *   <li>every acknowledged message was consumed at least once, from the very queue and offset its
 *       acknowledgement named (a later copy elsewhere is a resend, not the acknowledged message);
 *   <li>per queue, in offset order, the acknowledged messages keep the order they were sent in (one
 *       sending thread, so the sequence numbers rise).
 * </ul>
 *
 * Messages that were never acknowledged may or may not be there, and duplicates are allowed: the
 * promise is at least once.
 */
final class DurabilityCheck {

  private static final int SHOWN_PER_KIND = 10;

  private DurabilityCheck() {}

  /** Every broken promise, described; empty when all hold. */
  static List<String> problems(List<Ack> acks, List<Delivery> deliveries) {
    List<String> problems = new ArrayList<>();
    Map<QueueRef, TreeMap<Long, Long>> consumed = new HashMap<>(); // queue -> offset -> seq
    Set<Long> consumedSeqs = new HashSet<>();
    for (Delivery d : deliveries) {
      consumed.computeIfAbsent(d.queue(), q -> new TreeMap<>()).put(d.queueOffset(), d.seq());
      consumedSeqs.add(d.seq());
    }

    List<String> missing = new ArrayList<>();
    List<String> displaced = new ArrayList<>();
    for (Ack a : acks) {
      if (!consumedSeqs.contains(a.seq())) {
        missing.add(
            "seq " + a.seq() + " (acknowledged at " + a.queue() + "@" + a.queueOffset() + ")");
        continue;
      }
      Long there = consumed.getOrDefault(a.queue(), new TreeMap<>()).get(a.queueOffset());
      if (there == null || there != a.seq()) {
        displaced.add(
            "seq "
                + a.seq()
                + " acknowledged at "
                + a.queue()
                + "@"
                + a.queueOffset()
                + " but consumed there: "
                + (there == null ? "nothing" : "seq " + there));
      }
    }
    report(problems, "acknowledged but never consumed", missing);
    report(problems, "acknowledged at one place, consumed elsewhere", displaced);

    // Judged on the acknowledged copies, which the check above found at their acknowledged
    // offsets: a copy stored by a client-side retry of a send that timed out may legitimately sit
    // later in the queue.
    Map<QueueRef, TreeMap<Long, Long>> ackedAt =
        new TreeMap<>(Comparator.comparing(QueueRef::toString));
    for (Ack a : acks) {
      ackedAt.computeIfAbsent(a.queue(), q -> new TreeMap<>()).put(a.queueOffset(), a.seq());
    }
    List<String> reordered = new ArrayList<>();
    ackedAt.forEach(
        (queue, offsets) -> {
          long previous = Long.MIN_VALUE;
          for (Map.Entry<Long, Long> e : offsets.entrySet()) {
            if (e.getValue() <= previous) {
              reordered.add(
                  queue + "@" + e.getKey() + ": seq " + e.getValue() + " after seq " + previous);
            }
            previous = Math.max(previous, e.getValue());
          }
        });
    report(problems, "acknowledged messages out of send order within a queue", reordered);
    return problems;
  }

  private static void report(List<String> problems, String kind, List<String> cases) {
    if (!cases.isEmpty()) {
      problems.add(
          cases.size()
              + " "
              + kind
              + ", e.g. "
              + String.join("; ", cases.subList(0, Math.min(SHOWN_PER_KIND, cases.size()))));
    }
  }
}
