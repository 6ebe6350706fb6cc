package io.actormq.client;

import io.actormq.client.transport.SerialExecutor;
import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.message.SubscriptionExpression;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's membership in a consumer group. Downstream demand drives long-poll pulls: a
 * queue is pulled only while demand exceeds what is buffered, for at most what its prefetch bound
 * leaves room for, so no queue ever holds more than {@code prefetchPerQueue} undelivered messages.
 * Delivered messages stay in the queue's {@link AckWindow} until acked; offsets are committed up to
 * the lowest unacknowledged one (at-least-once).
 *
 * <p>All state is confined to one {@link SerialExecutor} lane: demand, pull results, acks,
 * rebalances and timers all arrive as tasks on it.
 */
final class ConsumerSession implements Subscription, ReceivedMessage.AckTarget {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerSession.class);
  private static final long PULL_BACKOFF_MILLIS = 1000;
  // The official client fetches at most 32 per pull by default.
  private static final int MAX_PULL_BATCH = 32;
  private static final long ORDERED_RETRY_PAUSE_MILLIS = 1000;

  private final ConsumerSettings settings;
  private final ConsumerTransport transport;
  private final SerialExecutor lane;
  private final ScheduledExecutorService timer;
  private final SubscriptionExpression filter;
  private final CompletableFuture<Void> terminated;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();

  private Subscriber<? super ReceivedMessage> subscriber;
  private long demand;
  private long buffered;
  private boolean cancelled;
  private boolean joining;
  private boolean joined;
  private final Assignment assignment = new Assignment();

  final AtomicLong pulls = new AtomicLong();
  final AtomicLong pulled = new AtomicLong();
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong acked = new AtomicLong();
  final AtomicLong nacked = new AtomicLong();
  final AtomicInteger maxBuffered = new AtomicInteger();

  ConsumerSession(
      ConsumerSettings settings,
      ConsumerTransport transport,
      Executor pool,
      ScheduledExecutorService timer,
      Subscriber<? super ReceivedMessage> subscriber,
      CompletableFuture<Void> terminated) {
    this.settings = settings;
    this.transport = transport;
    this.lane = new SerialExecutor(pool);
    this.timer = timer;
    this.subscriber = subscriber;
    this.terminated = terminated;
    this.filter = SubscriptionExpression.parse(settings.tagExpression());
  }

  /** Signals onSubscribe and joins the group; pulls start with the first demand. */
  void start() {
    lane.execute(
        () -> {
          subscriber.onSubscribe(this);
          if (cancelled) {
            return;
          }
          joining = true;
          transport
              .join(
                  () -> lane.execute(this::rebalance),
                  topic -> lane.execute(() -> offsetsReset(topic)),
                  this::stop)
              .whenComplete(
                  (v, e) ->
                      lane.execute(
                          () -> {
                            joining = false;
                            if (e != null) {
                              if (cancelled) {
                                terminated.complete(null);
                              } else {
                                failStream(e);
                              }
                              return;
                            }
                            joined = true;
                            if (cancelled) {
                              stopOnLane();
                              return;
                            }
                            every(settings.rebalanceInterval().toMillis(), this::rebalance);
                            every(settings.commitInterval().toMillis(), this::commitAll);
                            if (settings.ordered()) {
                              every(settings.lockInterval().toMillis(), this::relock);
                            }
                            rebalance();
                          }));
        });
  }

  private void every(long millis, Runnable task) {
    timers.add(
        timer.scheduleWithFixedDelay(
            () -> lane.execute(task), millis, millis, TimeUnit.MILLISECONDS));
  }

  // ---- Subscription ----

  @Override
  public void request(long n) {
    lane.execute(
        () -> {
          if (cancelled) {
            return;
          }
          if (n <= 0) {
            failStream(new IllegalArgumentException("rule 3.9: request(" + n + ")"));
            return;
          }
          demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
          emit();
          pullMore();
        });
  }

  @Override
  public void cancel() {
    lane.execute(
        () -> {
          if (!cancelled) {
            cancelled = true;
            subscriber = null;
            stopOnLane();
          }
        });
  }

  /** Ends the stream with onComplete, as cancel would end it; used when the client closes. */
  CompletableFuture<Void> stop() {
    lane.execute(
        () -> {
          if (!cancelled) {
            cancelled = true;
            Subscriber<? super ReceivedMessage> s = subscriber;
            subscriber = null;
            stopOnLane();
            s.onComplete();
          }
        });
    return terminated;
  }

  private void failStream(Throwable t) {
    if (cancelled) {
      return;
    }
    cancelled = true;
    Subscriber<? super ReceivedMessage> s = subscriber;
    subscriber = null;
    stopOnLane();
    s.onError(t);
  }

  // Commits what was acked, releases locks and leaves the group; in-flight pulls are ignored.
  private void stopOnLane() {
    timers.forEach(f -> f.cancel(false));
    if (joining) {
      // The join in flight comes back here once it is done, and then leaves.
      return;
    }
    if (!joined) {
      // A join that failed half way may have registered the group with the client.
      transport.leave().whenComplete((v, e) -> terminated.complete(null));
      return;
    }
    List<CompletableFuture<Void>> work = new ArrayList<>();
    Set<MessageQueue> held = assignment.queues();
    for (QueueState q : assignment.all()) {
      work.add(commit(q));
      assignment.remove(q);
    }
    if (settings.ordered() && !held.isEmpty()) {
      work.add(transport.unlock(held));
    }
    CompletableFuture.allOf(work.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .thenCompose(v -> transport.leave())
        .whenComplete((v, e) -> terminated.complete(null));
  }

  // ---- delivery ----

  private void emit() {
    while (demand > 0 && !cancelled) {
      QueueState q = assignment.nextReady(this::deliverable);
      if (q == null) {
        return;
      }
      ReceivedMessage m = q.buffer.poll();
      buffered--;
      demand--;
      if (m.deliveries++ == 0) {
        q.unacked.add(m.queueOffset());
      }
      q.atSubscriber++;
      m.owner = q;
      m.target = this;
      delivered.incrementAndGet();
      try {
        subscriber.onNext(m);
      } catch (RuntimeException e) {
        // Rule 2.13: a throwing subscriber is broken; stop serving it.
        LOG.warn("subscriber of {} threw from onNext; cancelling", settings.group(), e);
        cancelled = true;
        subscriber = null;
        stopOnLane();
        return;
      }
    }
  }

  // Ordered mode hands out a queue's next message only once the previous one is settled.
  private boolean deliverable(QueueState q) {
    return !q.buffer.isEmpty()
        && (!settings.ordered() || (q.atSubscriber == 0 && q.locked && !q.suspended));
  }

  private void pullMore() {
    if (cancelled || demand <= buffered) {
      return;
    }
    for (QueueState q : assignment.all()) {
      if (q.pulling || q.backingOff || q.nextOffset < 0 || (settings.ordered() && !q.locked)) {
        continue;
      }
      int room = settings.prefetchPerQueue() - q.buffer.size();
      int unackedRoom = settings.maxUnackedPerQueue() - q.unacked.size() - q.buffer.size();
      int max =
          (int) Math.min(Math.min(room, unackedRoom), Math.min(MAX_PULL_BATCH, demand - buffered));
      if (max <= 0) {
        continue;
      }
      q.pulling = true;
      pulls.incrementAndGet();
      long offset = q.nextOffset;
      transport
          .pull(q.queue, offset, max)
          .whenComplete((p, e) -> lane.execute(() -> onPulled(q, offset, p, e)));
    }
  }

  private void onPulled(QueueState q, long offset, ConsumerTransport.Pulled p, Throwable e) {
    q.pulling = false;
    if (cancelled || q.removed || q.nextOffset != offset) {
      return;
    }
    if (e != null) {
      LOG.debug("pull of {} at {} failed: {}", q.queue, offset, e.toString());
      q.backingOff = true;
      timer.schedule(
          () ->
              lane.execute(
                  () -> {
                    q.backingOff = false;
                    pullMore();
                  }),
          PULL_BACKOFF_MILLIS,
          TimeUnit.MILLISECONDS);
      return;
    }
    switch (p.status()) {
      case FOUND -> {
        for (ReceivedMessage m : p.messages()) {
          pulled.incrementAndGet();
          if (m.queueOffset() < offset) {
            continue;
          }
          // The node filters by tag hash; equal hashes of different tags are dropped here.
          if (!q.retry && !filter.isAll() && !filter.matchesTag(m.tags())) {
            continue;
          }
          q.buffer.add(m);
          buffered++;
        }
        maxBuffered.accumulateAndGet(q.buffer.size(), Math::max);
        q.nextOffset = p.nextOffset();
      }
      case NO_NEW_MESSAGES, RETRY_IMMEDIATELY -> q.nextOffset = p.nextOffset();
      case OFFSET_MOVED -> {
        LOG.info("offset of {} moved from {} to {}", q.queue, offset, p.nextOffset());
        q.nextOffset = p.nextOffset();
        commit(q);
      }
    }
    emit();
    pullMore();
  }

  // ---- acknowledgements ----

  @Override
  public void ack(ReceivedMessage m) {
    lane.execute(
        () -> {
          QueueState q = settle(m);
          if (q == null) {
            return;
          }
          if (q.unacked.ack(m.queueOffset())) {
            acked.incrementAndGet();
          }
          emit();
          pullMore();
        });
  }

  @Override
  public void nack(ReceivedMessage m, int delayLevel) {
    lane.execute(
        () -> {
          QueueState q = settle(m);
          if (q == null) {
            return;
          }
          nacked.incrementAndGet();
          if (settings.model() == ConsumerSettings.MessageModel.BROADCASTING) {
            // Broadcast consumers have no retry topic: a failed message is dropped, as officially.
            q.unacked.ack(m.queueOffset());
          } else if (settings.ordered()) {
            // Order forbids skipping ahead: the same message again, after a pause (as the
            // official client suspends the queue) so an always-failing message cannot spin.
            q.buffer.addFirst(m);
            buffered++;
            q.suspended = true;
            timer.schedule(
                () ->
                    lane.execute(
                        () -> {
                          q.suspended = false;
                          emit();
                        }),
                ORDERED_RETRY_PAUSE_MILLIS,
                TimeUnit.MILLISECONDS);
          } else {
            sendBack(q, m, delayLevel < 0 ? settings.retryDelayLevel() : delayLevel);
            return;
          }
          emit();
          pullMore();
        });
  }

  /** The queue a delivered message came from, if it is still held; once per delivery. */
  private QueueState settle(ReceivedMessage m) {
    QueueState q = m.owner;
    if (q == null || m.target == null) {
      return null;
    }
    m.target = null;
    m.owner = null;
    if (q.removed) {
      return null;
    }
    q.atSubscriber--;
    return q;
  }

  // The offset stays held until the node has the copy; a failed hand-back is tried again.
  private void sendBack(QueueState q, ReceivedMessage m, int delayLevel) {
    transport
        .sendBack(m, delayLevel)
        .whenComplete(
            (v, e) ->
                lane.execute(
                    () -> {
                      if (q.removed) {
                        return;
                      }
                      if (e == null) {
                        q.unacked.ack(m.queueOffset());
                        pullMore();
                        return;
                      }
                      LOG.warn("sending {} back failed, retrying: {}", m, e.toString());
                      timer.schedule(
                          () -> lane.execute(() -> sendBack(q, m, delayLevel)),
                          PULL_BACKOFF_MILLIS,
                          TimeUnit.MILLISECONDS);
                    }));
  }

  // ---- offsets ----

  private void commitAll() {
    for (QueueState q : assignment.all()) {
      commit(q);
    }
  }

  private CompletableFuture<Void> commit(QueueState q) {
    if (settings.model() == ConsumerSettings.MessageModel.BROADCASTING) {
      // Broadcast members keep their offsets to themselves, as the official client does.
      return CompletableFuture.completedFuture(null);
    }
    return q.commit(transport, lane);
  }

  // ---- rebalance and locks ----

  private List<String> topics() {
    return settings.model() == ConsumerSettings.MessageModel.CLUSTERING
        ? List.of(settings.topic(), settings.retryTopic())
        : List.of(settings.topic());
  }

  private void rebalance() {
    if (cancelled) {
      return;
    }
    for (String topic : topics()) {
      Rebalance.share(transport, settings, topic)
          .whenComplete(
              (mine, e) ->
                  lane.execute(
                      () -> {
                        if (e != null) {
                          LOG.debug("rebalance of {} failed: {}", topic, e.toString());
                        } else {
                          apply(topic, mine);
                        }
                      }));
    }
  }

  /**
   * The node reset the group's offsets of {@code topic}: the queues are let go and taken again, as
   * a rebalance would, so their new start offsets come from the node. What they buffered is
   * dropped; the node ignores the commits of the old positions for a while after a reset.
   */
  private void offsetsReset(String topic) {
    List<MessageQueue> mine = new ArrayList<>();
    for (QueueState q : assignment.all()) {
      if (q.queue.topic().equals(topic)) {
        mine.add(q.queue);
      }
    }
    if (mine.isEmpty()) {
      return;
    }
    LOG.info(
        "{}: offsets of {} were reset; repositioning {} queues",
        transport.clientId(),
        topic,
        mine.size());
    apply(topic, List.of());
    apply(topic, mine);
  }

  private void apply(String topic, List<MessageQueue> mine) {
    if (cancelled) {
      return;
    }
    Set<MessageQueue> wanted = new HashSet<>(mine);
    Set<MessageQueue> dropped = new HashSet<>();
    for (QueueState q : assignment.all()) {
      if (q.queue.topic().equals(topic) && !wanted.contains(q.queue)) {
        commit(q);
        buffered -= q.buffer.size();
        assignment.remove(q);
        dropped.add(q.queue);
      }
    }
    Set<MessageQueue> added = new HashSet<>();
    for (MessageQueue mq : mine) {
      if (!assignment.contains(mq)) {
        QueueState q = assignment.add(mq, topic.equals(settings.retryTopic()));
        added.add(mq);
        transport
            .startOffset(mq)
            .whenComplete(
                (offset, e) ->
                    lane.execute(
                        () -> {
                          if (q.removed || cancelled) {
                            return;
                          }
                          if (e != null) {
                            LOG.debug("no start offset for {}: {}", mq, e.toString());
                            // Forget it; the next rebalance tries again.
                            assignment.remove(q);
                            return;
                          }
                          q.nextOffset = offset;
                          pullMore();
                        }));
      }
    }
    if (dropped.isEmpty() && added.isEmpty()) {
      return;
    }
    LOG.debug("{} {}: +{} -{}", transport.clientId(), topic, added, dropped);
    if (settings.ordered()) {
      if (!dropped.isEmpty()) {
        transport.unlock(dropped);
      }
      if (!added.isEmpty()) {
        lock(added);
      }
    }
  }

  private void relock() {
    if (!assignment.isEmpty()) {
      lock(assignment.queues());
    }
  }

  private void lock(Set<MessageQueue> wanted) {
    transport
        .lock(wanted)
        .whenComplete(
            (held, e) ->
                lane.execute(
                    () -> {
                      if (e != null || cancelled) {
                        return;
                      }
                      for (MessageQueue mq : wanted) {
                        QueueState q = assignment.get(mq);
                        if (q != null) {
                          q.locked = held.contains(mq);
                        }
                      }
                      emit();
                      pullMore();
                    }));
  }

  Set<MessageQueue> assigned() {
    return assignment.snapshot();
  }

  ConsumerStats stats() {
    return new ConsumerStats(
        pulls.get(),
        pulled.get(),
        delivered.get(),
        acked.get(),
        nacked.get(),
        maxBuffered.get(),
        assignment.snapshot().size());
  }
}
