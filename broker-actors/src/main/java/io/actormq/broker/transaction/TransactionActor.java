package io.actormq.broker.transaction;

import io.actormq.broker.TransactionConfig;
import io.actormq.broker.queue.QueueCommand.AppendFailed;
import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.broker.queue.QueueCommand.AppendReply;
import io.actormq.broker.transaction.TransactionBackend.Half;
import io.actormq.broker.transaction.TransactionBackend.Recovered;
import io.actormq.broker.transaction.TransactionBackend.State;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The transactions of this node: keeps half messages invisible until their producer commits or
 * rolls them back, and asks the producer group about those left open.
 *
 * <ul>
 *   <li>A decision is taken once: a repeated commit or rollback is accepted and changes nothing; a
 *       commit after a rollback (or the reverse) is refused and logged. A commit makes exactly one
 *       copy visible in the real queue, even across a crash in the middle (see {@link
 *       TransactionBackend#commit}).
 *   <li>An open half is checked first after its immunity, then every check interval, by a
 *       CHECK_TRANSACTION_STATE to any live member of its producer group; after the maximum number
 *       of checks it is discarded. Checks run on an actor timer.
 *   <li>Everything durable lives in the half and op logs; on start the actor reads both back
 *       (commands wait in a stash meanwhile) and carries on: open halves are checked again, commits
 *       cut short are completed.
 * </ul>
 */
public final class TransactionActor extends AbstractBehavior<TransactionActor.Command> {

  public sealed interface Command {}

  /**
   * Stores a half message (already in the half shape).
   *
   * @param immunityMillis how long before its first check, or -1 for the configured default
   */
  public record Prepare(
      ByteBuffer half, String producerGroup, long immunityMillis, ActorRef<AppendReply> replyTo)
      implements Command {}

  public enum Decision {
    COMMIT,
    ROLLBACK,
    UNKNOWN
  }

  /** END_TRANSACTION for the half at {@code halfOffset}. */
  public record End(
      long halfOffset, Decision decision, boolean fromCheck, ActorRef<EndReply> replyTo)
      implements Command {}

  /** Whether an END_TRANSACTION was taken, and if not, why. */
  public record EndReply(boolean accepted, String reason) {}

  public record GetStats(ActorRef<Stats> replyTo) implements Command {}

  /**
   * @param open half messages awaiting a decision
   * @param checks checks sent since start
   */
  public record Stats(int open, long committed, long rolledBack, long discarded, long checks) {}

  private record Opened(Recovered recovered) implements Command {}

  private record OpenFailed(Throwable cause) implements Command {}

  private record Prepared(Prepare prepare, AppendReply reply) implements Command {}

  private record Committed(long halfOffset, Throwable failure) implements Command {}

  private record Recorded(long halfOffset, String what, Throwable failure) implements Command {}

  private record Checked(long halfOffset, boolean reached, Throwable failure) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  /** An open half: mutable, confined to the actor. */
  private static final class OpenHalf {
    final String producerGroup;
    long nextCheckAt;
    int checks;

    OpenHalf(String producerGroup, long nextCheckAt, int checks) {
      this.producerGroup = producerGroup;
      this.nextCheckAt = nextCheckAt;
      this.checks = checks;
    }
  }

  public static Behavior<Command> create(TransactionBackend backend, TransactionConfig config) {
    return Behaviors.withStash(
        10_000,
        stash ->
            Behaviors.setup(
                ctx -> {
                  ctx.setLoggerName(TransactionActor.class);
                  ctx.pipeToSelf(
                      backend.open(),
                      (recovered, failure) ->
                          failure == null ? new Opened(recovered) : new OpenFailed(failure));
                  return Behaviors.withTimers(
                      timers -> opening(ctx, stash, timers, backend, config));
                }));
  }

  private static Behavior<Command> opening(
      ActorContext<Command> ctx,
      StashBuffer<Command> stash,
      TimerScheduler<Command> timers,
      TransactionBackend backend,
      TransactionConfig config) {
    return Behaviors.receive(Command.class)
        .onMessage(
            Opened.class,
            o ->
                stash.unstashAll(new TransactionActor(ctx, timers, backend, config, o.recovered())))
        .onMessage(
            OpenFailed.class,
            f -> {
              ctx.getLog().error("cannot open the transaction logs", f.cause());
              return Behaviors.stopped();
            })
        .onAnyMessage(
            m -> {
              stash.stash(m);
              return Behaviors.same();
            })
        .build();
  }

  private final TransactionBackend backend;
  private final TransactionConfig config;
  private final HalfStates states = new HalfStates();
  private final Map<Long, OpenHalf> open = new LinkedHashMap<>();
  private final Set<Long> inFlight = new HashSet<>();
  private long committed;
  private long rolledBack;
  private long discarded;
  private long checks;

  private TransactionActor(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      TransactionBackend backend,
      TransactionConfig config,
      Recovered recovered) {
    super(ctx);
    this.backend = backend;
    this.config = config;
    for (Half half : recovered.halves()) {
      states.set(half.offset(), half.state());
      if (half.state() == State.OPEN) {
        open.put(
            half.offset(), new OpenHalf(half.producerGroup(), half.firstCheckAt(), half.checks()));
      }
    }
    if (!open.isEmpty()) {
      ctx.getLog().info("{} transactions are open after recovery", open.size());
    }
    timers.startTimerWithFixedDelay(Tick.INSTANCE, config.checkTick());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Prepare.class, this::onPrepare)
        .onMessage(Prepared.class, this::onPrepared)
        .onMessage(End.class, this::onEnd)
        .onMessage(Committed.class, this::onCommitted)
        .onMessage(Recorded.class, this::onRecorded)
        .onMessage(Checked.class, this::onChecked)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(GetStats.class, this::onGetStats)
        .build();
  }

  private Behavior<Command> onPrepare(Prepare prepare) {
    getContext()
        .pipeToSelf(
            backend.prepare(List.of(prepare.half())),
            (reply, failure) ->
                new Prepared(
                    prepare,
                    failure == null
                        ? reply
                        : new AppendFailed(
                            ResponseCode.SYSTEM_ERROR,
                            "cannot store the half message: " + failure)));
    return this;
  }

  private Behavior<Command> onPrepared(Prepared prepared) {
    if (prepared.reply() instanceof AppendOk ok) {
      Prepare p = prepared.prepare();
      long immunity =
          p.immunityMillis() >= 0 ? p.immunityMillis() : config.checkImmunity().toMillis();
      states.set(ok.firstOffset(), State.OPEN);
      open.put(ok.firstOffset(), new OpenHalf(p.producerGroup(), backend.now() + immunity, 0));
    }
    prepared.prepare().replyTo().tell(prepared.reply());
    return this;
  }

  private Behavior<Command> onEnd(End end) {
    long offset = end.halfOffset();
    State state = states.get(offset);
    if (state == null) {
      end.replyTo().tell(new EndReply(false, "no half message at offset " + offset));
      return this;
    }
    switch (end.decision()) {
      case UNKNOWN -> end.replyTo().tell(new EndReply(true, null));
      case COMMIT -> commit(end, offset, state);
      case ROLLBACK -> rollback(end, offset, state);
    }
    return this;
  }

  private void commit(End end, long offset, State state) {
    switch (state) {
      case OPEN -> {
        states.set(offset, State.COMMITTING);
        open.remove(offset);
        startCommit(offset);
        end.replyTo().tell(new EndReply(true, null));
      }
      case COMMITTING, COMMITTED -> end.replyTo().tell(new EndReply(true, null));
      case ROLLED_BACK, DISCARDED -> refuse(end, offset, state);
    }
  }

  private void rollback(End end, long offset, State state) {
    switch (state) {
      case OPEN -> {
        states.set(offset, State.ROLLED_BACK);
        open.remove(offset);
        rolledBack++;
        inFlight.add(offset);
        getContext()
            .pipeToSelf(
                backend.rollback(offset),
                (ok, failure) -> new Recorded(offset, "rollback", failure));
        end.replyTo().tell(new EndReply(true, null));
      }
      case ROLLED_BACK, DISCARDED -> end.replyTo().tell(new EndReply(true, null));
      case COMMITTING, COMMITTED -> refuse(end, offset, state);
    }
  }

  private void refuse(End end, long offset, State state) {
    String reason =
        "refused to "
            + end.decision().name().toLowerCase(java.util.Locale.ROOT)
            + " the half message at offset "
            + offset
            + ": it is already "
            + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    getContext().getLog().warn("{}{}", reason, end.fromCheck() ? " (answer to a check)" : "");
    end.replyTo().tell(new EndReply(false, reason));
  }

  private void startCommit(long offset) {
    inFlight.add(offset);
    getContext()
        .pipeToSelf(backend.commit(offset), (ok, failure) -> new Committed(offset, failure));
  }

  private Behavior<Command> onCommitted(Committed result) {
    inFlight.remove(result.halfOffset());
    if (result.failure() == null) {
      states.set(result.halfOffset(), State.COMMITTED);
      committed++;
    } else {
      // Stays COMMITTING: the next tick tries again, and the store never stores a second copy.
      getContext()
          .getLog()
          .warn(
              "commit of the half message at {} failed, will retry: {}",
              result.halfOffset(),
              result.failure().toString());
    }
    return this;
  }

  private Behavior<Command> onRecorded(Recorded result) {
    inFlight.remove(result.halfOffset());
    if (result.failure() != null) {
      // The decision holds in memory; after a restart the half is open again and checked anew.
      getContext()
          .getLog()
          .warn(
              "recording the {} of the half message at {} failed: {}",
              result.what(),
              result.halfOffset(),
              result.failure().toString());
    }
    return this;
  }

  private Behavior<Command> onTick() {
    long now = backend.now();
    List<Long> due = new ArrayList<>();
    open.forEach(
        (offset, half) -> {
          if (half.nextCheckAt <= now && !inFlight.contains(offset)) {
            due.add(offset);
          }
        });
    for (long offset : due) {
      OpenHalf half = open.get(offset);
      if (half.checks >= config.maxChecks()) {
        open.remove(offset);
        states.set(offset, State.DISCARDED);
        discarded++;
        inFlight.add(offset);
        getContext()
            .getLog()
            .warn(
                "discarding the half message at offset {} of producer group {}: still open after"
                    + " {} checks",
                offset,
                half.producerGroup,
                half.checks);
        getContext()
            .pipeToSelf(
                backend.discard(offset), (ok, failure) -> new Recorded(offset, "discard", failure));
      } else {
        half.checks++;
        half.nextCheckAt = now + config.checkInterval().toMillis();
        checks++;
        inFlight.add(offset);
        getContext()
            .pipeToSelf(
                backend.check(offset, half.producerGroup),
                (reached, failure) ->
                    new Checked(offset, failure == null && Boolean.TRUE.equals(reached), failure));
      }
    }
    states.forEachCommitting(
        offset -> {
          if (!inFlight.contains(offset)) {
            startCommit(offset);
          }
        });
    return this;
  }

  private Behavior<Command> onChecked(Checked checked) {
    inFlight.remove(checked.halfOffset());
    if (checked.failure() != null) {
      getContext()
          .getLog()
          .warn(
              "check of the half message at {} failed: {}",
              checked.halfOffset(),
              checked.failure().toString());
    } else if (!checked.reached()) {
      getContext()
          .getLog()
          .debug("no live producer to check the half message at {}", checked.halfOffset());
    }
    return this;
  }

  private Behavior<Command> onGetStats(GetStats get) {
    get.replyTo().tell(new Stats(open.size(), committed, rolledBack, discarded, checks));
    return this;
  }
}
