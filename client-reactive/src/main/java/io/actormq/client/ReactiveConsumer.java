package io.actormq.client;

import io.actormq.protocol.body.MessageQueue;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * The messages of one subscription as a {@link Publisher}. It is one member of its consumer group,
 * so it serves one subscriber: a second (or a later) subscriber is refused with {@code onError}.
 * Subscribing joins the group; cancelling commits what was acknowledged, releases queue locks and
 * leaves the group ({@link #terminated()} completes then). The stream completes only when its
 * client is closed.
 */
public final class ReactiveConsumer implements Publisher<ReceivedMessage> {

  private final ConsumerSettings settings;
  private final ConsumerTransport transport;
  private final Executor pool;
  private final ScheduledExecutorService timer;
  private final AtomicReference<ConsumerSession> session = new AtomicReference<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  ReactiveConsumer(
      ConsumerSettings settings,
      ConsumerTransport transport,
      Executor pool,
      ScheduledExecutorService timer) {
    this.settings = settings;
    this.transport = transport;
    this.pool = pool;
    this.timer = timer;
  }

  @Override
  public void subscribe(Subscriber<? super ReceivedMessage> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    ConsumerSession s =
        new ConsumerSession(settings, transport, pool, timer, subscriber, terminated);
    if (!session.compareAndSet(null, s)) {
      pool.execute(
          () -> {
            subscriber.onSubscribe(NoSubscription.INSTANCE);
            subscriber.onError(
                new IllegalStateException(
                    "consumer of group " + settings.group() + " already has its subscriber"));
          });
      return;
    }
    s.start();
  }

  public ConsumerSettings settings() {
    return settings;
  }

  /** Completes once the subscription has ended and its offsets were committed. */
  public CompletableFuture<Void> terminated() {
    return terminated;
  }

  /** Counters of the session; all zero before the subscription. */
  public ConsumerStats stats() {
    ConsumerSession s = session.get();
    return s == null ? new ConsumerStats(0, 0, 0, 0, 0, 0, 0) : s.stats();
  }

  /** The queues this member holds right now. */
  public Set<MessageQueue> assignedQueues() {
    ConsumerSession s = session.get();
    return s == null ? Set.of() : s.assigned();
  }
}
