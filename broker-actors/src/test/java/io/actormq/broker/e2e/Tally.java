package io.actormq.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * What consumers received, keyed by message body (every test message has a unique body). Tests wait
 * on it with {@link #awaitBodies}, which wakes on every arrival instead of polling.
 */
final class Tally {

  /** One delivery: which consumer got which message. */
  record Delivery(String consumer, MessageExt message) {
    String body() {
      return E2e.body(message);
    }
  }

  private final List<Delivery> deliveries = new ArrayList<>();

  synchronized void add(String consumer, MessageExt message) {
    deliveries.add(new Delivery(consumer, message));
    notifyAll();
  }

  /** A concurrent listener that records every message for {@code consumer} and acknowledges it. */
  MessageListenerConcurrently listener(String consumer) {
    return (msgs, context) -> {
      msgs.forEach(m -> add(consumer, m));
      return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    };
  }

  /**
   * Waits until every body in {@code expected} arrived at least once.
   *
   * @throws AssertionError naming what is missing, if they did not within {@code timeout}
   */
  void awaitBodies(Collection<String> expected, Duration timeout) throws InterruptedException {
    awaitBodies(d -> true, expected, timeout);
  }

  /** Waits until {@code consumer} received every body in {@code expected} at least once. */
  void awaitBodies(String consumer, Collection<String> expected, Duration timeout)
      throws InterruptedException {
    awaitBodies(d -> d.consumer().equals(consumer), expected, timeout);
  }

  private void awaitBodies(Predicate<Delivery> which, Collection<String> expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      Set<String> missing = new LinkedHashSet<>(expected);
      int seen = 0;
      while (true) {
        for (; seen < deliveries.size(); seen++) {
          Delivery d = deliveries.get(seen);
          if (which.test(d)) {
            missing.remove(d.body());
          }
        }
        long left = deadline - System.nanoTime();
        if (missing.isEmpty()) {
          return;
        }
        if (left <= 0) {
          assertThat(missing)
              .as("messages not received within %s (%d received)", timeout, deliveries.size())
              .isEmpty();
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }

  synchronized int count() {
    return deliveries.size();
  }

  /** Waits until at least {@code n} deliveries arrived in all. */
  synchronized void awaitCount(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (deliveries.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        assertThat(deliveries.size()).as("deliveries within %s", timeout).isGreaterThanOrEqualTo(n);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  synchronized List<Delivery> deliveries(Predicate<Delivery> filter) {
    return deliveries.stream().filter(filter).toList();
  }

  synchronized List<String> bodies() {
    return deliveries.stream().map(Delivery::body).toList();
  }

  /** Bodies received by {@code consumer}, in arrival order. */
  synchronized List<String> bodiesOf(String consumer) {
    return deliveries.stream()
        .filter(d -> d.consumer().equals(consumer))
        .map(Delivery::body)
        .toList();
  }

  /** How often each body arrived, whichever consumer got it. */
  synchronized Map<String, Integer> counts() {
    Map<String, Integer> counts = new HashMap<>();
    deliveries.forEach(d -> counts.merge(d.body(), 1, Integer::sum));
    return counts;
  }
}
