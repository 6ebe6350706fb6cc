package io.actormq.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.broker.TransactionConfig;
import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.broker.queue.QueueCommand.AppendReply;
import io.actormq.broker.transaction.TransactionActor.Decision;
import io.actormq.broker.transaction.TransactionActor.EndReply;
import io.actormq.broker.transaction.TransactionActor.Stats;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The transaction checker against a manual clock: checks come at immunity and then every interval
 * on that clock, never before; decisions are taken once; the maximum ends in a discard; a new
 * incarnation finishes a commit cut short.
 */
class TransactionActorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final long T0 = 1_900_000_000_000L;
  private static final TransactionConfig CONFIG =
      new TransactionConfig(Duration.ofSeconds(6), Duration.ofSeconds(60), 3, Duration.ofMillis(5));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Records what the actor asked of the world; every step succeeds unless told otherwise. */
  private static final class Backend implements TransactionBackend {
    final AtomicLong clock = new AtomicLong(T0);
    final List<Half> recovered;
    final AtomicInteger halves = new AtomicInteger();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Long> checkTimes = new CopyOnWriteArrayList<>();
    volatile boolean failCommits;

    Backend(List<Half> recovered) {
      this.recovered = recovered;
    }

    @Override
    public long now() {
      return clock.get();
    }

    @Override
    public CompletionStage<Recovered> open() {
      return CompletableFuture.completedFuture(new Recovered(recovered));
    }

    @Override
    public CompletionStage<AppendReply> prepare(List<ByteBuffer> records) {
      long offset = halves.getAndIncrement();
      return CompletableFuture.completedFuture(new AppendOk(offset, new long[] {offset}));
    }

    @Override
    public CompletionStage<Void> commit(long halfOffset) {
      calls.add("commit " + halfOffset);
      return failCommits
          ? CompletableFuture.failedFuture(new IllegalStateException("disk gone"))
          : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> rollback(long halfOffset) {
      calls.add("rollback " + halfOffset);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> check(long halfOffset, String producerGroup) {
      calls.add("check " + halfOffset + " " + producerGroup);
      checkTimes.add(clock.get());
      return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletionStage<Void> discard(long halfOffset) {
      calls.add("discard " + halfOffset);
      return CompletableFuture.completedFuture(null);
    }
  }

  private static long prepare(ActorRef<TransactionActor.Command> tx, String group, long immunity) {
    TestProbe<AppendReply> reply = testKit.createTestProbe();
    tx.tell(new TransactionActor.Prepare(ByteBuffer.allocate(1), group, immunity, reply.getRef()));
    return reply.expectMessageClass(AppendOk.class).firstOffset();
  }

  private static EndReply end(ActorRef<TransactionActor.Command> tx, long offset, Decision d) {
    TestProbe<EndReply> reply = testKit.createTestProbe();
    tx.tell(new TransactionActor.End(offset, d, false, reply.getRef()));
    return reply.receiveMessage();
  }

  private static Stats stats(ActorRef<TransactionActor.Command> tx) {
    TestProbe<Stats> probe = testKit.createTestProbe();
    tx.tell(new TransactionActor.GetStats(probe.getRef()));
    return probe.receiveMessage();
  }

  private static void awaitCalls(Backend backend, int n) {
    TestProbe<Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(
        Duration.ofSeconds(10),
        () -> {
          assertThat(backend.calls).hasSizeGreaterThanOrEqualTo(n);
          return null;
        });
  }

  @Test
  void decisionsAreTakenOnceAndConflictingOnesAreRefused() {
    Backend backend = new Backend(List.of());
    ActorRef<TransactionActor.Command> tx = testKit.spawn(TransactionActor.create(backend, CONFIG));
    long committed = prepare(tx, "g", -1);
    long rolledBack = prepare(tx, "g", -1);

    assertThat(end(tx, committed, Decision.COMMIT).accepted()).isTrue();
    assertThat(end(tx, committed, Decision.COMMIT).accepted()).isTrue();
    assertThat(end(tx, committed, Decision.ROLLBACK).accepted()).isFalse();
    assertThat(end(tx, rolledBack, Decision.ROLLBACK).accepted()).isTrue();
    assertThat(end(tx, rolledBack, Decision.ROLLBACK).accepted()).isTrue();
    EndReply conflict = end(tx, rolledBack, Decision.COMMIT);
    assertThat(conflict.accepted()).isFalse();
    assertThat(conflict.reason()).contains("rolled back");
    assertThat(end(tx, 99, Decision.COMMIT).accepted()).isFalse();

    awaitCalls(backend, 2);
    assertThat(backend.calls).containsExactlyInAnyOrder("commit 0", "rollback 1");
    assertThat(stats(tx)).isEqualTo(new Stats(0, 1, 1, 0, 0));
    testKit.stop(tx);
  }

  @Test
  void anOpenHalfIsCheckedAfterItsImmunityThenEveryIntervalAndFinallyDiscarded() {
    Backend backend = new Backend(List.of());
    ActorRef<TransactionActor.Command> tx = testKit.spawn(TransactionActor.create(backend, CONFIG));
    long offset = prepare(tx, "producers", -1);
    long ownImmunity = prepare(tx, "producers", 1_000);

    backend.clock.set(T0 + 1_000);
    awaitCalls(backend, 1);
    assertThat(backend.calls).containsExactly("check 1 producers");
    end(tx, ownImmunity, Decision.COMMIT);

    // Nothing before the default immunity of 6 s on the manual clock, however many ticks pass.
    backend.clock.set(T0 + 5_999);
    assertThat(stats(tx).checks()).isEqualTo(1);
    backend.clock.set(T0 + 6_000);
    awaitCalls(backend, 3);
    assertThat(backend.calls.get(2)).isEqualTo("check 0 producers");
    backend.clock.set(T0 + 65_999);
    assertThat(stats(tx).checks()).isEqualTo(2);
    backend.clock.set(T0 + 66_000);
    awaitCalls(backend, 4);
    backend.clock.set(T0 + 126_000);
    awaitCalls(backend, 5);
    backend.clock.set(T0 + 186_000);
    awaitCalls(backend, 6);
    assertThat(backend.calls.subList(2, 6))
        .containsExactly(
            "check 0 producers", "check 0 producers", "check 0 producers", "discard 0");
    assertThat(backend.checkTimes).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(T0));
    assertThat(end(tx, offset, Decision.COMMIT).accepted()).isFalse();
    assertThat(stats(tx).discarded()).isEqualTo(1);
    testKit.stop(tx);
  }

  @Test
  void recoveryChecksOpenHalvesAndFinishesCommitsCutShort() {
    List<TransactionBackend.Half> recovered = new ArrayList<>();
    recovered.add(new TransactionBackend.Half(0, TransactionBackend.State.COMMITTED, "g", T0, 0));
    recovered.add(new TransactionBackend.Half(1, TransactionBackend.State.COMMITTING, "g", T0, 0));
    recovered.add(new TransactionBackend.Half(2, TransactionBackend.State.OPEN, "g", T0 + 10, 1));
    recovered.add(new TransactionBackend.Half(3, TransactionBackend.State.ROLLED_BACK, "g", T0, 0));
    Backend backend = new Backend(recovered);
    backend.failCommits = true;
    ActorRef<TransactionActor.Command> tx = testKit.spawn(TransactionActor.create(backend, CONFIG));

    // The commit cut short is retried on every tick until it goes through.
    awaitCalls(backend, 3);
    backend.failCommits = false;
    TestProbe<Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(
        Duration.ofSeconds(10),
        () -> {
          tx.tell(new TransactionActor.GetStats(probe.getRef()));
          assertThat(probe.receiveMessage().committed()).isEqualTo(1);
          return null;
        });
    assertThat(backend.calls).doesNotContain("check 2 g");
    backend.clock.set(T0 + 10);
    probe.awaitAssert(
        Duration.ofSeconds(10),
        () -> {
          assertThat(backend.calls).contains("check 2 g");
          return null;
        });
    assertThat(end(tx, 0, Decision.ROLLBACK).accepted()).isFalse();
    assertThat(end(tx, 3, Decision.ROLLBACK).accepted()).isTrue();
    testKit.stop(tx);
  }
}
