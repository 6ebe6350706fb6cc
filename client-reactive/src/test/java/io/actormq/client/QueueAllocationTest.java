package io.actormq.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueueAllocationTest {

  private static final List<Integer> EIGHT = IntStream.range(0, 8).boxed().toList();

  @Test
  void theFirstMembersTakeTheRemainderAsContiguousRuns() {
    List<String> members = List.of("a", "b", "c");
    assertThat(QueueAllocation.averagely(EIGHT, members, "a")).containsExactly(0, 1, 2);
    assertThat(QueueAllocation.averagely(EIGHT, members, "b")).containsExactly(3, 4, 5);
    assertThat(QueueAllocation.averagely(EIGHT, members, "c")).containsExactly(6, 7);
  }

  @Test
  void moreMembersThanQueuesLeavesTheLastOnesIdle() {
    List<Integer> two = List.of(0, 1);
    List<String> members = List.of("a", "b", "c");
    assertThat(QueueAllocation.averagely(two, members, "a")).containsExactly(0);
    assertThat(QueueAllocation.averagely(two, members, "b")).containsExactly(1);
    assertThat(QueueAllocation.averagely(two, members, "c")).isEmpty();
  }

  @Test
  void anUnknownMemberTakesNothing() {
    assertThat(QueueAllocation.averagely(EIGHT, List.of("a"), "z")).isEmpty();
  }

  @Test
  void everySplitCoversEveryQueueExactlyOnce() {
    for (int queues = 1; queues <= 17; queues++) {
      List<Integer> qs = IntStream.range(0, queues).boxed().toList();
      for (int n = 1; n <= 9; n++) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          members.add("m" + i);
        }
        List<Integer> all = new ArrayList<>();
        for (String m : members) {
          all.addAll(QueueAllocation.averagely(qs, members, m));
        }
        Set<Integer> distinct = new HashSet<>(all);
        assertThat(all).hasSize(queues);
        assertThat(distinct).hasSize(queues);
      }
    }
  }
}
