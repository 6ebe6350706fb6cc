package io.actormq.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.broker.topic.MetadataTestConfig;
import io.actormq.protocol.body.MessageQueue;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class QueueLocksTest {

  private static final ActorTestKit kit =
      ActorTestKit.create("QueueLocksTest", MetadataTestConfig.local());

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private final ManualClock clock = new ManualClock(5_000_000L);
  private final ActorRef<QueueLocks.Command> locks =
      kit.spawn(QueueLocks.create(Duration.ofSeconds(60), clock));

  private static MessageQueue q(int id) {
    return new MessageQueue("T", "actormq-a", id);
  }

  private Set<MessageQueue> lock(String group, String client, MessageQueue... queues) {
    TestProbe<QueueLocks.Locked> probe = kit.createTestProbe();
    locks.tell(new QueueLocks.Lock(group, client, Set.of(queues), probe.ref()));
    return probe.receiveMessage().queues();
  }

  private void unlock(String group, String client, MessageQueue... queues) {
    TestProbe<Done> probe = kit.createTestProbe();
    locks.tell(new QueueLocks.Unlock(group, client, Set.of(queues), probe.ref()));
    probe.receiveMessage();
  }

  private String owner(String group, int queueId) {
    TestProbe<QueueLocks.Owner> probe = kit.createTestProbe();
    locks.tell(new QueueLocks.GetOwner(group, "T", queueId, probe.ref()));
    return probe.receiveMessage().clientId();
  }

  @Test
  void grantsFreeQueuesAndRefusesHeldOnes() {
    assertThat(lock("cg", "c1", q(0), q(1))).containsExactlyInAnyOrder(q(0), q(1));
    assertThat(lock("cg", "c2", q(1), q(2))).containsExactly(q(2));
    assertThat(owner("cg", 1)).isEqualTo("c1");
    assertThat(owner("cg", 2)).isEqualTo("c2");
    // The holder asking again is a renewal, not a conflict.
    assertThat(lock("cg", "c1", q(0), q(1))).containsExactlyInAnyOrder(q(0), q(1));
  }

  @Test
  void groupsLockIndependently() {
    assertThat(lock("g1", "c1", q(0))).containsExactly(q(0));
    assertThat(lock("g2", "c2", q(0))).containsExactly(q(0));
    assertThat(lock("g1", "c2", q(0))).isEmpty();
  }

  @Test
  void theRequestersBrokerNameIsEchoed() {
    MessageQueue other = new MessageQueue("T", "some-other-name", 3);
    assertThat(lock("cg", "c1", other)).containsExactly(other);
    // Same topic and queue id under another broker name is the same lock.
    assertThat(lock("cg", "c2", q(3))).isEmpty();
  }

  @Test
  void locksExpireAfterSixtySecondsUnlessRenewed() {
    lock("cg", "c1", q(0), q(1));
    clock.advance(Duration.ofSeconds(40));
    assertThat(lock("cg", "c1", q(0))).containsExactly(q(0));

    clock.advance(Duration.ofSeconds(20));
    // q1: exactly 60 s old, still held; q0: renewed 20 s ago.
    assertThat(owner("cg", 1)).isEqualTo("c1");
    assertThat(lock("cg", "c2", q(0), q(1))).isEmpty();

    clock.advance(Duration.ofMillis(1));
    assertThat(owner("cg", 1)).isNull();
    assertThat(lock("cg", "c2", q(0), q(1))).containsExactly(q(1));
    assertThat(owner("cg", 0)).isEqualTo("c1");

    clock.advance(Duration.ofSeconds(41));
    assertThat(lock("cg", "c2", q(0))).containsExactly(q(0));
  }

  @Test
  void unlockReleasesOnlyTheCallersLocks() {
    lock("cg", "c1", q(0), q(1));
    unlock("cg", "c2", q(0));
    assertThat(owner("cg", 0)).isEqualTo("c1");

    unlock("cg", "c1", q(0));
    assertThat(owner("cg", 0)).isNull();
    assertThat(lock("cg", "c2", q(0), q(1))).containsExactly(q(0));
  }
}
