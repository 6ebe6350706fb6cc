package io.actormq.client.it;

import io.actormq.client.ActorMqClient;
import io.actormq.client.ClientConfig;
import io.actormq.client.ConsumerSettings;
import io.actormq.client.Message;
import io.actormq.client.ReactiveProducer;
import io.actormq.client.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.SubmissionPublisher;
import java.util.function.BooleanSupplier;
import org.reactivestreams.FlowAdapters;

/** Helpers shared by the end-to-end tests. */
final class E2e {

  static final Duration WAIT = Duration.ofSeconds(30);

  private E2e() {}

  static ActorMqClient client(String address) {
    return ActorMqClient.start(
        ClientConfig.of(address)
            .withReconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)));
  }

  /** Consumer settings tuned for tests: short long polls, fast rebalance and commits. */
  static ConsumerSettings consumer(String group, String topic) {
    return ConsumerSettings.of(group, topic)
        .withConsumeFrom(ConsumerSettings.ConsumeFrom.FIRST_OFFSET, 0)
        .withPullSuspend(Duration.ofSeconds(2))
        .withRebalanceInterval(Duration.ofSeconds(1))
        .withCommitInterval(Duration.ofMillis(100))
        .withRetryDelayLevel(1);
  }

  /**
   * Sends {@code messages} through the producer's {@code Subscriber} side, fed by a JDK {@link
   * Flow} publisher (through {@link FlowAdapters}); returns the results in arrival order.
   */
  static List<SendResult> sendAll(ReactiveProducer producer, List<Message> messages) {
    List<SendResult> results = Collections.synchronizedList(new ArrayList<>());
    ReactiveProducer.SendSubscriber subscriber = producer.subscriber(results::add);
    try (SubmissionPublisher<Message> source = new SubmissionPublisher<>()) {
      source.subscribe(FlowAdapters.toFlowSubscriber(subscriber));
      messages.forEach(source::submit);
    }
    subscriber.completion().join();
    return new ArrayList<>(results);
  }

  static List<Message> messages(String topic, int n) {
    List<Message> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Message.of(topic, "m" + i));
    }
    return out;
  }

  /** Polls {@code condition} until it holds or {@link #WAIT} passes. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
