package io.actormq.client;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;

/**
 * The TCK's publisher rules for the consumer, over the in-memory transport. A consumer stream is
 * infinite ({@link #maxElementsFromPublisher} is {@code Long.MAX_VALUE}), so the TCK skips the
 * rules about completion; each publisher has at least the elements a test asks for.
 */
public class ConsumerPublisherTckTest extends PublisherVerification<ReceivedMessage> {

  private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(2);

  public ConsumerPublisherTckTest() {
    // Signals may take 2 s on a loaded 2-core machine (a rule failed once at 500 ms); checks that
    // nothing arrives still wait only 500 ms, so the suite stays quick.
    super(new TestEnvironment(2_000, 500));
  }

  @AfterClass
  public void shutdown() {
    pool.shutdownNow();
  }

  @Override
  public Publisher<ReceivedMessage> createPublisher(long elements) {
    ConsumerSettings settings =
        ConsumerSettings.of("tck", "T")
            .withPrefetch(4, 64)
            .withCommitInterval(Duration.ofMillis(50));
    // Two queues sharing the backlog: a test that asks for n elements finds at least n.
    long perQueue = Math.min(elements, Long.MAX_VALUE / 4);
    return new ReactiveConsumer(
        settings, new InMemoryConsumerTransport("T", 2, perQueue, pool), pool, pool);
  }

  @Override
  public Publisher<ReceivedMessage> createFailedPublisher() {
    // A consumer that cannot join its group (no node reachable) fails its subscriber.
    InMemoryConsumerTransport unreachable = new InMemoryConsumerTransport("T", 2, 0, pool);
    unreachable.joinFailure = new java.io.IOException("no node reachable");
    return new ReactiveConsumer(ConsumerSettings.of("tck", "T"), unreachable, pool, pool);
  }

  @Override
  public long maxElementsFromPublisher() {
    return Long.MAX_VALUE;
  }
}
