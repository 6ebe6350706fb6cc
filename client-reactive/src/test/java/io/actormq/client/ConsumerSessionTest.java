package io.actormq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.protocol.body.MessageQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** The consumer's flow control and offset bookkeeping over the in-memory transport. */
class ConsumerSessionTest {

  private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(2);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  private static final class Manual implements Subscriber<ReceivedMessage> {
    final BlockingQueue<ReceivedMessage> got = new LinkedBlockingQueue<>();
    final CompletableFuture<Subscription> sub = new CompletableFuture<>();

    @Override
    public void onSubscribe(Subscription s) {
      sub.complete(s);
    }

    @Override
    public void onNext(ReceivedMessage m) {
      got.add(m);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}

    ReceivedMessage next() throws InterruptedException {
      ReceivedMessage m = got.poll(5, TimeUnit.SECONDS);
      assertThat(m).as("a message within 5 s").isNotNull();
      return m;
    }

    void request(long n) {
      sub.join().request(n);
    }
  }

  private ConsumerSettings settings() {
    return ConsumerSettings.of("g", "T")
        .withPrefetch(4, 16)
        .withCommitInterval(Duration.ofMillis(20));
  }

  @Test
  void demandBecomesPullsAndNoQueueHoldsMoreThanItsPrefetch() throws Exception {
    InMemoryConsumerTransport transport = new InMemoryConsumerTransport("T", 3, 1000, pool);
    ReactiveConsumer consumer = new ReactiveConsumer(settings(), transport, pool, pool);
    Manual s = new Manual();
    consumer.subscribe(s);
    s.request(1);
    s.next().ack();
    // One message of demand: each queue may hold its prefetch, no more.
    ConsumerStats stats = consumer.stats();
    assertThat(stats.pulled() - stats.delivered()).isLessThanOrEqualTo(3 * 4);
    for (int i = 0; i < 100; i++) {
      s.request(1);
      s.next().ack();
    }
    stats = consumer.stats();
    assertThat(stats.maxBufferedPerQueue()).isLessThanOrEqualTo(4);
    assertThat(stats.pulled()).isLessThanOrEqualTo(101 + 3 * 4);
    s.sub.join().cancel();
    consumer.terminated().get(5, TimeUnit.SECONDS);
    assertThat(transport.left).isTrue();
  }

  @Test
  void offsetsAreCommittedUpToTheLowestUnacknowledgedMessage() throws Exception {
    InMemoryConsumerTransport transport = new InMemoryConsumerTransport("T", 1, 10, pool);
    ReactiveConsumer consumer = new ReactiveConsumer(settings(), transport, pool, pool);
    Manual s = new Manual();
    consumer.subscribe(s);
    s.request(10);
    List<ReceivedMessage> ms = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ms.add(s.next());
    }
    MessageQueue q = ms.get(0).queue();
    ms.get(0).ack();
    ms.get(1).ack();
    ms.get(3).ack();
    awaitCommit(transport, q, 2);
    ms.get(2).ack();
    awaitCommit(transport, q, 4);
    ms.subList(4, 10).forEach(ReceivedMessage::ack);
    awaitCommit(transport, q, 10);
    s.sub.join().cancel();
    consumer.terminated().get(5, TimeUnit.SECONDS);
  }

  @Test
  void cancelCommitsAndStopsPulling() throws Exception {
    InMemoryConsumerTransport transport = new InMemoryConsumerTransport("T", 2, 0, pool);
    ReactiveConsumer consumer = new ReactiveConsumer(settings(), transport, pool, pool);
    Manual s = new Manual();
    consumer.subscribe(s);
    s.request(5);
    transport.append(0, 3);
    for (int i = 0; i < 3; i++) {
      s.next().ack();
    }
    s.sub.join().cancel();
    consumer.terminated().get(5, TimeUnit.SECONDS);
    long pulls = consumer.stats().pulls();
    // The pulls held at cancel time are answered now; none follows them.
    transport.append(0, 5);
    transport.append(1, 5);
    assertThat(transport.commits).containsEntry(new MessageQueue("T", "b", 0), 3L);
    awaitTrue(() -> transport.pullsInFlight.get() == 0);
    assertThat(consumer.stats().pulls()).isEqualTo(pulls);
    assertThat(s.got).isEmpty();
  }

  @Test
  void aSecondSubscriberIsRefused() throws Exception {
    InMemoryConsumerTransport transport = new InMemoryConsumerTransport("T", 1, 0, pool);
    ReactiveConsumer consumer = new ReactiveConsumer(settings(), transport, pool, pool);
    consumer.subscribe(new Manual());
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    consumer.subscribe(
        new Subscriber<>() {
          @Override
          public void onSubscribe(Subscription s) {}

          @Override
          public void onNext(ReceivedMessage m) {}

          @Override
          public void onError(Throwable t) {
            refused.complete(t);
          }

          @Override
          public void onComplete() {}
        });
    assertThat(refused.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
  }

  private static void awaitCommit(InMemoryConsumerTransport t, MessageQueue q, long offset)
      throws InterruptedException {
    awaitTrue(() -> t.commits.getOrDefault(q, -1L) == offset);
    assertThat(t.commits.get(q)).isEqualTo(offset);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!c.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }
}
