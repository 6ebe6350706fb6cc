package io.actormq.broker.schedule;

import io.actormq.broker.queue.QueueCommand.AppendFailed;
import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.broker.queue.QueueCommand.AppendReply;
import io.actormq.persistence.timer.TimerIndex;
import io.actormq.protocol.remoting.ResponseCode;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The scheduler of delayed, timed and retried messages: parks them in the timer topic's log and
 * hands each to its destination queue when due, late by at most a timer tick under normal load and
 * never early.
 *
 * <p>What is due when lives on disk in a {@link TimerIndex}; the heap holds only the messages due
 * within the next second (bounded by {@link #MAX_LOADED}), the wheel's slot heads and the
 * deliveries in flight. A due message is read back from the timer log, re-encoded for its real
 * topic and queue and appended there; only once that append is durable is its entry marked done, so
 * a crash delivers it again rather than losing it. On start the index is recovered and the parked
 * records it had not yet recorded are re-read from the log; overdue messages go out at once.
 */
public final class TimerActor extends AbstractBehavior<TimerActor.Command> {

  /** How far ahead of due the tick loads messages into the heap. */
  static final long LOOKAHEAD_MILLIS = 1_000;

  /** The most messages the heap holds at once; more wait on disk (a backlog after a downtime). */
  static final int MAX_LOADED = 50_000;

  static final int MAX_BATCH = 256;
  static final int MAX_IN_FLIGHT = 8;
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);

  public sealed interface Command {}

  /**
   * Parks records already in the parked shape ({@link ParkedRecords}); {@code deliverAt[i]} is when
   * record {@code i} is due. Answered once the parked copies are durable.
   */
  public record Park(List<ByteBuffer> records, long[] deliverAt, ActorRef<AppendReply> replyTo)
      implements Command {}

  /** Counters for tests and operators. */
  public record GetStats(ActorRef<Stats> replyTo) implements Command {}

  /**
   * @param pending messages parked and not yet delivered
   * @param delivered messages handed to their destination since start
   */
  public record Stats(long pending, long delivered) {}

  private record Opened(TimerBackend.Recovered recovered) implements Command {}

  private record OpenFailed(Throwable cause) implements Command {}

  private record Parked(Park park, AppendReply reply) implements Command {}

  private record Delivered(TimerBackend.Outcome outcome) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private enum Fire implements Command {
    INSTANCE
  }

  private enum Checkpoint implements Command {
    INSTANCE
  }

  private record CheckpointDone(Throwable failure) implements Command {}

  private record Due(long deliverAt, long index) {}

  public static Behavior<Command> create(TimerBackend store) {
    return Behaviors.withStash(
        100_000,
        stash ->
            Behaviors.setup(
                ctx -> {
                  ctx.setLoggerName(TimerActor.class);
                  return Behaviors.withTimers(timers -> opening(ctx, stash, timers, store));
                }));
  }

  private static Behavior<Command> opening(
      ActorContext<Command> ctx,
      StashBuffer<Command> stash,
      TimerScheduler<Command> timers,
      TimerBackend store) {
    ctx.pipeToSelf(
        store.open(),
        (recovered, failure) -> failure == null ? new Opened(recovered) : new OpenFailed(failure));
    return Behaviors.receive(Command.class)
        .onMessage(
            Opened.class,
            o -> stash.unstashAll(new TimerActor(ctx, timers, store, o.recovered().index())))
        .onMessage(
            OpenFailed.class,
            f -> {
              ctx.getLog().error("cannot open the timer store", f.cause());
              return Behaviors.stopped();
            })
        .onAnyMessage(
            m -> {
              stash.stash(m);
              return Behaviors.same();
            })
        .build();
  }

  private final TimerScheduler<Command> timers;
  private final TimerBackend store;
  private final TimerIndex index;
  private final PriorityQueue<Due> due =
      new PriorityQueue<>((a, b) -> Long.compare(a.deliverAt(), b.deliverAt()));
  private long cursorSecond;
  private int inFlight;
  private long delivered;
  private boolean checkpointRunning;
  private long trimmedBelow;
  private long nextFireAt = Long.MAX_VALUE;

  private TimerActor(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      TimerBackend store,
      TimerIndex index) {
    super(ctx);
    this.timers = timers;
    this.store = store;
    this.index = index;
    long nowSecond = Math.floorDiv(store.now(), 1000);
    this.cursorSecond = Math.min(index.earliestPendingSecond(), nowSecond);
    if (index.pendingCount() > 0) {
      ctx.getLog().info("timer recovered with {} messages pending", index.pendingCount());
    }
    timers.startTimerWithFixedDelay(Tick.INSTANCE, store.tick());
    timers.startTimerWithFixedDelay(Checkpoint.INSTANCE, CHECKPOINT_EVERY);
    onTick();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Park.class, this::onPark)
        .onMessage(Parked.class, this::onParked)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(Fire.INSTANCE, this::onFire)
        .onMessage(Delivered.class, this::onDelivered)
        .onMessageEquals(Checkpoint.INSTANCE, this::onCheckpoint)
        .onMessage(CheckpointDone.class, this::onCheckpointDone)
        .onMessage(GetStats.class, this::onGetStats)
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  private Behavior<Command> onPark(Park park) {
    getContext()
        .pipeToSelf(
            store.park(park.records()),
            (reply, failure) ->
                new Parked(
                    park,
                    failure == null
                        ? reply
                        : new AppendFailed(
                            ResponseCode.SYSTEM_ERROR, "cannot park the message: " + failure)));
    return this;
  }

  private Behavior<Command> onParked(Parked parked) {
    if (parked.reply() instanceof AppendOk ok) {
      long[] deliverAt = parked.park().deliverAt();
      for (int i = 0; i < deliverAt.length; i++) {
        long entry = ok.firstOffset() + i;
        index.record(entry, deliverAt[i]);
        // The tick has walked past this second already: the wheel would not give it out again.
        if (Math.floorDiv(deliverAt[i], 1000) < cursorSecond) {
          due.add(new Due(deliverAt[i], entry));
        }
      }
      fire(store.now());
    }
    parked.park().replyTo().tell(parked.reply());
    return this;
  }

  private Behavior<Command> onTick() {
    long now = store.now();
    while (cursorSecond * 1000 <= now + LOOKAHEAD_MILLIS && due.size() < MAX_LOADED) {
      index.collect(cursorSecond, i -> due.add(new Due(index.deliverAt(i), i)));
      cursorSecond++;
    }
    fire(now);
    return this;
  }

  private Behavior<Command> onFire() {
    nextFireAt = Long.MAX_VALUE;
    fire(store.now());
    return this;
  }

  /** Sends out what is due, within the in-flight bound, and arms the timer for the next one. */
  private void fire(long now) {
    while (inFlight < MAX_IN_FLIGHT && !due.isEmpty() && due.peek().deliverAt() <= now) {
      int n = 0;
      long[] batch = new long[Math.min(MAX_BATCH, due.size())];
      while (n < batch.length && !due.isEmpty() && due.peek().deliverAt() <= now) {
        batch[n++] = due.poll().index();
      }
      long[] indexes = n == batch.length ? batch : Arrays.copyOf(batch, n);
      inFlight++;
      getContext()
          .pipeToSelf(
              store.deliver(indexes),
              (outcome, failure) ->
                  new Delivered(
                      failure == null ? outcome : TimerBackend.Outcome.failed(indexes, failure)));
    }
    if (!due.isEmpty() && inFlight < MAX_IN_FLIGHT) {
      long next = due.peek().deliverAt();
      if (next < nextFireAt) {
        nextFireAt = next;
        timers.startSingleTimer(Fire.INSTANCE, Duration.ofMillis(Math.max(0, next - now)));
      }
    }
  }

  private Behavior<Command> onDelivered(Delivered result) {
    inFlight--;
    TimerBackend.Outcome outcome = result.outcome();
    for (long i : outcome.done()) {
      index.markDone(i);
    }
    delivered += outcome.delivered();
    if (outcome.retry().length > 0) {
      getContext()
          .getLog()
          .warn(
              "{} due messages could not be delivered, retrying in {}: {}",
              outcome.retry().length,
              RETRY_AFTER,
              outcome.reason());
      long retryAt = store.now() + RETRY_AFTER.toMillis();
      for (long i : outcome.retry()) {
        due.add(new Due(retryAt, i));
      }
    }
    nextFireAt = Long.MAX_VALUE;
    fire(store.now());
    return this;
  }

  private Behavior<Command> onCheckpoint() {
    if (!checkpointRunning) {
      long lowest = index.advanceLowestPending(1 << 20);
      if (lowest > trimmedBelow) {
        store.trimBelow(lowest);
        trimmedBelow = lowest;
      }
      checkpointRunning = true;
      getContext()
          .pipeToSelf(
              store.runBlocking(index.checkpointTask()),
              (ok, failure) -> new CheckpointDone(failure));
    }
    return this;
  }

  private Behavior<Command> onCheckpointDone(CheckpointDone done) {
    checkpointRunning = false;
    if (done.failure() != null) {
      getContext().getLog().warn("timer checkpoint failed: {}", done.failure().toString());
    }
    return this;
  }

  private Behavior<Command> onGetStats(GetStats get) {
    get.replyTo().tell(new Stats(index.pendingCount(), delivered));
    return this;
  }

  private Behavior<Command> onStop() {
    try {
      index.close();
    } catch (UncheckedIOException e) {
      getContext().getLog().error("could not checkpoint the timer index at stop", e);
    }
    return this;
  }
}
