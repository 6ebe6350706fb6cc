package io.actormq.broker.group;

import io.actormq.broker.BrokerConfig;
import io.actormq.broker.CborSerializable;
import io.actormq.protocol.body.MessageQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Orderly-consumption locks: at most one client of a consumer group consumes a queue at a time.
 *
 * <p>A lock is keyed by (group, topic, queueId) and owned by a client id. Orderly consumers lock
 * each new queue and renew all their locks every 20 s, and pull only while their lock is younger
 * than 30 s; a lock not renewed within {@code actormq.orderly.lock-expiry} (60 s) is free for
 * another client. The broker name in a request's queues is ignored (one logical broker) but echoed
 * back, since clients compare whole queue objects.
 *
 * <p>Locks are soft state like RocketMQ's: after a restart the clients re-lock within 20 s.
 */
public final class QueueLocks extends AbstractBehavior<QueueLocks.Command> {

  public sealed interface Command extends CborSerializable {}

  /** Replies the subset of {@code queues} the client now holds (renewed or newly granted). */
  public record Lock(
      String group, String clientId, Set<MessageQueue> queues, ActorRef<Locked> replyTo)
      implements Command {}

  public record Locked(Set<MessageQueue> queues) implements CborSerializable {}

  /** Releases those of {@code queues} the client holds; others are left alone. */
  public record Unlock(
      String group, String clientId, Set<MessageQueue> queues, ActorRef<Done> replyTo)
      implements Command {}

  /** Replies who holds the queue's lock now; for tests and admin views. */
  public record GetOwner(String group, String topic, int queueId, ActorRef<Owner> replyTo)
      implements Command {}

  /**
   * @param clientId null if the queue is not locked (or its lock has expired)
   */
  public record Owner(String clientId) implements CborSerializable {}

  enum Sweep implements Command {
    INSTANCE
  }

  private record Key(String group, String topic, int queueId) {}

  private record Holder(String clientId, long renewedAt) {}

  private final long expiryMillis;
  private final Clock clock;
  private final Map<Key, Holder> locks = new HashMap<>();

  private QueueLocks(ActorContext<Command> context, Duration expiry, Clock clock) {
    super(context);
    this.expiryMillis = expiry.toMillis();
    this.clock = clock;
  }

  public static Behavior<Command> create(BrokerConfig config) {
    return create(config.lockExpiry(), Clock.systemUTC());
  }

  /** With a clock of the caller's choosing, so tests can move time. */
  public static Behavior<Command> create(Duration expiry, Clock clock) {
    return Behaviors.setup(
        ctx -> {
          // Not left to Pekko's guess from the stack, which may name its own timer code.
          ctx.setLoggerName(QueueLocks.class);
          return Behaviors.withTimers(
              timers -> {
                // Expired locks are already ignored on use; the sweep only bounds memory.
                timers.startTimerWithFixedDelay(Sweep.INSTANCE, expiry);
                return new QueueLocks(ctx, expiry, clock);
              });
        });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Lock.class, this::onLock)
        .onMessage(Unlock.class, this::onUnlock)
        .onMessage(GetOwner.class, this::onGetOwner)
        .onMessageEquals(Sweep.INSTANCE, this::onSweep)
        .build();
  }

  private Behavior<Command> onLock(Lock cmd) {
    long now = clock.millis();
    Set<MessageQueue> granted = new LinkedHashSet<>();
    for (MessageQueue mq : cmd.queues()) {
      Key key = new Key(cmd.group(), mq.topic(), mq.queueId());
      Holder holder = locks.get(key);
      if (holder == null || expired(holder, now) || holder.clientId().equals(cmd.clientId())) {
        if (holder == null || !holder.clientId().equals(cmd.clientId())) {
          getContext()
              .getLog()
              .debug(
                  "group {}: {} locked {}@{}{}",
                  cmd.group(),
                  cmd.clientId(),
                  mq.topic(),
                  mq.queueId(),
                  holder == null ? "" : " (expired lock of " + holder.clientId() + ")");
        }
        locks.put(key, new Holder(cmd.clientId(), now));
        granted.add(mq);
      } else {
        getContext()
            .getLog()
            .debug(
                "group {}: {} cannot lock {}@{}, held by {}",
                cmd.group(),
                cmd.clientId(),
                mq.topic(),
                mq.queueId(),
                holder.clientId());
      }
    }
    cmd.replyTo().tell(new Locked(granted));
    return this;
  }

  private Behavior<Command> onUnlock(Unlock cmd) {
    for (MessageQueue mq : cmd.queues()) {
      Key key = new Key(cmd.group(), mq.topic(), mq.queueId());
      Holder holder = locks.get(key);
      if (holder != null && holder.clientId().equals(cmd.clientId())) {
        locks.remove(key);
      }
    }
    cmd.replyTo().tell(Done.getInstance());
    return this;
  }

  private Behavior<Command> onGetOwner(GetOwner cmd) {
    Holder holder = locks.get(new Key(cmd.group(), cmd.topic(), cmd.queueId()));
    boolean held = holder != null && !expired(holder, clock.millis());
    cmd.replyTo().tell(new Owner(held ? holder.clientId() : null));
    return this;
  }

  private Behavior<Command> onSweep() {
    long now = clock.millis();
    locks.values().removeIf(h -> expired(h, now));
    return this;
  }

  private boolean expired(Holder holder, long now) {
    return now - holder.renewedAt() > expiryMillis;
  }
}
