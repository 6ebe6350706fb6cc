package io.actormq.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The official client's default rebalance (averaging): with the queues and member ids both sorted,
 * member {@code i} of {@code n} takes a contiguous run of {@code q / n} queues, and the first
 * {@code q % n} members one more. Every member computes the same split from the same lists, so
 * ActorMQ and official consumers can share a group.
 */
final class QueueAllocation {

  private QueueAllocation() {}

  /** This member's queues; none if it is not (yet) in the member list. */
  static <Q> List<Q> averagely(List<Q> sortedQueues, List<String> sortedMembers, String me) {
    int index = sortedMembers.indexOf(me);
    int queues = sortedQueues.size();
    int members = sortedMembers.size();
    if (index < 0 || queues == 0) {
      return List.of();
    }
    int mod = queues % members;
    int share = queues <= members ? 1 : queues / members + (mod > 0 && index < mod ? 1 : 0);
    int start = mod > 0 && index < mod ? index * share : index * share + mod;
    int range = Math.min(share, queues - start);
    List<Q> mine = new ArrayList<>(Math.max(range, 0));
    for (int i = 0; i < range; i++) {
      mine.add(sortedQueues.get((start + i) % queues));
    }
    return mine;
  }
}
