package io.actormq.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.reactivestreams.Publisher;
import org.reactivestreams.example.unicast.AsyncIterablePublisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;

/** The TCK's publisher rules for the producer's result stream ({@code send(Publisher)}). */
public class SendProcessorPublisherTckTest extends PublisherVerification<SendResult> {

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  public SendProcessorPublisherTckTest() {
    // Signals may take 2 s on a loaded 2-core machine (a rule failed once at 500 ms); checks that
    // nothing arrives still wait only 500 ms, so the suite stays quick.
    super(new TestEnvironment(2_000, 500));
  }

  @AfterClass
  public void shutdown() {
    pool.shutdownNow();
  }

  private ReactiveProducer producer() {
    return new ReactiveProducer(
        ProducerSettings.of("tck").withMaxInFlight(8), new FakeSender(200, m -> false), pool);
  }

  @Override
  public Publisher<SendResult> createPublisher(long elements) {
    Iterable<Message> messages =
        () -> LongStream.range(0, elements).mapToObj(i -> Message.of("T", "m" + i)).iterator();
    return producer().send(new AsyncIterablePublisher<>(messages, pool));
  }

  @Override
  public Publisher<SendResult> createFailedPublisher() {
    Iterable<Message> failing =
        () -> {
          throw new IllegalStateException("upstream failed");
        };
    return producer().send(new AsyncIterablePublisher<>(failing, pool));
  }

  @Override
  public long maxElementsFromPublisher() {
    return 1024;
  }
}
