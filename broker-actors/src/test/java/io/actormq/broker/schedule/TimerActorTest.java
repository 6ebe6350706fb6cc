package io.actormq.broker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.broker.queue.QueueCommand.AppendReply;
import io.actormq.persistence.timer.TimerIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timer actor against a manual clock and an in-memory log: nothing is handed out before its due
 * time on that clock, everything is once it is, failed deliveries come again, and a new incarnation
 * on the same index delivers what the old one left.
 */
class TimerActorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final long T0 = 1_900_000_000_000L;

  @TempDir Path dir;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** A delivery the actor asked for: which entry, and the manual clock's time then. */
  private record Handed(long index, long at) {}

  /** The log survives the actor, as the timer topic's queue survives a restart. */
  private static final class Log {
    final List<Long> dueTimes = new ArrayList<>();
  }

  private final class Backend implements TimerBackend {
    final AtomicLong clock;
    final Log log;
    final LinkedBlockingQueue<Handed> handed = new LinkedBlockingQueue<>();
    final Set<Long> failOnce = ConcurrentHashMap.newKeySet();
    final AtomicLong trimmedBelow = new AtomicLong();

    Backend(AtomicLong clock, Log log) {
      this.clock = clock;
      this.log = log;
    }

    @Override
    public long now() {
      return clock.get();
    }

    @Override
    public Duration tick() {
      return Duration.ofMillis(5);
    }

    @Override
    public CompletionStage<Recovered> open() {
      try {
        TimerIndex index = TimerIndex.open(dir, 3_600, 1024);
        synchronized (log) {
          for (long i = index.watermark(); i < log.dueTimes.size(); i++) {
            index.restore(i, log.dueTimes.get((int) i));
          }
        }
        return CompletableFuture.completedFuture(new Recovered(index));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public CompletionStage<AppendReply> park(List<ByteBuffer> records) {
      synchronized (log) {
        long first = log.dueTimes.size();
        long[] ids = new long[records.size()];
        for (int i = 0; i < records.size(); i++) {
          log.dueTimes.add(records.get(i).getLong(0));
          ids[i] = first + i;
        }
        return CompletableFuture.completedFuture(new AppendOk(first, ids));
      }
    }

    @Override
    public CompletionStage<Outcome> deliver(long[] indexes) {
      List<Long> done = new ArrayList<>();
      List<Long> retry = new ArrayList<>();
      for (long i : indexes) {
        if (failOnce.remove(i)) {
          retry.add(i);
        } else {
          handed.add(new Handed(i, clock.get()));
          done.add(i);
        }
      }
      return CompletableFuture.completedFuture(
          new Outcome(
              done.stream().mapToLong(Long::longValue).toArray(),
              done.size(),
              retry.stream().mapToLong(Long::longValue).toArray(),
              "test failure"));
    }

    @Override
    public void trimBelow(long offset) {
      trimmedBelow.set(offset);
    }

    @Override
    public CompletionStage<Void> runBlocking(Runnable task) {
      return CompletableFuture.runAsync(task);
    }

    Handed next() throws InterruptedException {
      Handed h = handed.poll(10, TimeUnit.SECONDS);
      assertThat(h).as("a delivery within 10 s").isNotNull();
      return h;
    }
  }

  /** The fake log stores only the due time, as the first 8 bytes of the "record". */
  private static ByteBuffer record(long due) {
    return ByteBuffer.allocate(8).putLong(0, due);
  }

  private static void park(ActorRef<TimerActor.Command> timer, long... dueTimes) {
    TestProbe<AppendReply> reply = testKit.createTestProbe();
    List<ByteBuffer> records = new ArrayList<>();
    for (long due : dueTimes) {
      records.add(record(due));
    }
    timer.tell(new TimerActor.Park(records, dueTimes, reply.getRef()));
    reply.expectMessageClass(AppendOk.class);
  }

  private static TimerActor.Stats stats(ActorRef<TimerActor.Command> timer) {
    TestProbe<TimerActor.Stats> probe = testKit.createTestProbe();
    timer.tell(new TimerActor.GetStats(probe.getRef()));
    return probe.receiveMessage();
  }

  @Test
  void handsOutEachMessageOnceItIsDueOnTheClockAndNeverBefore() throws Exception {
    AtomicLong clock = new AtomicLong(T0);
    Backend backend = new Backend(clock, new Log());
    ActorRef<TimerActor.Command> timer = testKit.spawn(TimerActor.create(backend));
    park(timer, T0 + 1_500, T0 + 700, T0 + 60_000);

    // Real time passes, many ticks go by, but the manual clock stands still: nothing is due.
    TestProbe<TimerActor.Stats> probe = testKit.createTestProbe();
    for (int i = 0; i < 20; i++) {
      timer.tell(new TimerActor.GetStats(probe.getRef()));
      assertThat(probe.receiveMessage().pending()).isEqualTo(3);
    }
    assertThat(backend.handed).isEmpty();

    clock.set(T0 + 700);
    assertThat(backend.next()).isEqualTo(new Handed(1, T0 + 700));
    clock.set(T0 + 2_000);
    Handed second = backend.next();
    assertThat(second.index()).isZero();
    assertThat(second.at()).isGreaterThanOrEqualTo(T0 + 1_500);
    // Marked done once the delivery's result is back with the actor.
    probe.awaitAssert(
        () -> {
          assertThat(stats(timer).pending()).isEqualTo(1);
          return null;
        });
    assertThat(backend.handed).isEmpty();
    testKit.stop(timer);
  }

  @Test
  void aFailedDeliveryIsTriedAgainLater() throws Exception {
    AtomicLong clock = new AtomicLong(T0);
    Backend backend = new Backend(clock, new Log());
    backend.failOnce.add(0L);
    ActorRef<TimerActor.Command> timer = testKit.spawn(TimerActor.create(backend));
    park(timer, T0 + 100);
    clock.set(T0 + 100);
    // The first attempt failed; the retry waits a second on the clock.
    TestProbe<TimerActor.Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(
        () -> {
          timer.tell(new TimerActor.GetStats(probe.getRef()));
          assertThat(backend.failOnce).isEmpty();
          return null;
        });
    assertThat(backend.handed).isEmpty();
    clock.set(T0 + 1_200);
    assertThat(backend.next().index()).isZero();
    probe.awaitAssert(
        () -> {
          assertThat(stats(timer)).isEqualTo(new TimerActor.Stats(0, 1));
          return null;
        });
    // Everything parked is delivered: the checkpoint lets the log go.
    probe.awaitAssert(
        Duration.ofSeconds(5),
        () -> {
          assertThat(backend.trimmedBelow).hasValue(1);
          return null;
        });
    testKit.stop(timer);
  }

  @Test
  void aNewIncarnationDeliversWhatTheOldOneLeftIncludingWhatItsIndexHadNotRecorded()
      throws Exception {
    AtomicLong clock = new AtomicLong(T0);
    Log log = new Log();
    Backend first = new Backend(clock, log);
    ActorRef<TimerActor.Command> timer = testKit.spawn(TimerActor.create(first));
    park(timer, T0 + 100, T0 + 5_000, T0 + 9_000);
    clock.set(T0 + 200);
    assertThat(first.next().index()).isZero();
    // Stopped once the delivery is marked done; a stop in between delivers it again (at least
    // once).
    TestProbe<TimerActor.Stats> before = testKit.createTestProbe();
    before.awaitAssert(
        () -> {
          assertThat(stats(timer).pending()).isEqualTo(2);
          return null;
        });
    testKit.stop(timer);
    // Parked while no timer ran (as if its index lost the entry): only the log knows it.
    synchronized (log) {
      log.dueTimes.add(T0 + 6_000);
    }

    Backend second = new Backend(clock, log);
    ActorRef<TimerActor.Command> again = testKit.spawn(TimerActor.create(second));
    assertThat(stats(again).pending()).isEqualTo(3);
    clock.set(T0 + 20_000);
    List<Long> delivered = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      delivered.add(second.next().index());
    }
    assertThat(delivered).containsExactlyInAnyOrder(1L, 2L, 3L);
    TestProbe<TimerActor.Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(
        () -> {
          again.tell(new TimerActor.GetStats(probe.getRef()));
          assertThat(probe.receiveMessage()).isEqualTo(new TimerActor.Stats(0, 3));
          return null;
        });
    assertThat(second.handed).isEmpty();
    testKit.stop(again);
  }
}
