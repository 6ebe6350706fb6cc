package io.actormq.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberBlackboxVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;

/** The TCK's subscriber rules for the producer's {@code Subscriber<Message>} side. */
public class SendSubscriberTckTest extends SubscriberBlackboxVerification<Message> {

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  public SendSubscriberTckTest() {
    // Signals may take 2 s on a loaded 2-core machine (a rule failed once at 500 ms); checks that
    // nothing arrives still wait only 500 ms, so the suite stays quick.
    super(new TestEnvironment(2_000, 500));
  }

  @AfterClass
  public void shutdown() {
    pool.shutdownNow();
  }

  @Override
  public Subscriber<Message> createSubscriber() {
    ReactiveProducer producer =
        new ReactiveProducer(
            ProducerSettings.of("tck").withMaxInFlight(4), new FakeSender(100, m -> false), pool);
    return producer.subscriber(r -> {});
  }

  @Override
  public Message createElement(int element) {
    return Message.of("T", "m" + element);
  }
}
