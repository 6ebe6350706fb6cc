package io.actormq.broker.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageQueueListener;
import org.apache.rocketmq.client.impl.consumer.ProcessQueue;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Tells when members of a clustering consumer group have settled on a topic: each one works exactly
 * the queues its last rebalance allocated to it (holding their locks, for orderly consumers), the
 * shares are disjoint and together they cover the topic's queues.
 *
 * <p>The client calls a consumer's {@link MessageQueueListener} after every rebalance that changed
 * what it works on, so the watch re-checks on those events and never polls.
 */
final class RebalanceWatch {

  private final String topic;
  private final int queueCount;
  private final Map<String, DefaultMQPushConsumer> members = new LinkedHashMap<>();
  private final Map<String, Set<MessageQueue>> allocated = new HashMap<>();
  private final List<Condition> conditions = new ArrayList<>();

  private record Condition(
      Set<String> members, CompletableFuture<Map<String, Set<MessageQueue>>> settled) {}

  RebalanceWatch(String topic, int queueCount) {
    this.topic = topic;
    this.queueCount = queueCount;
  }

  /** Registers {@code consumer} (not started yet) as member {@code name} of the watched group. */
  synchronized void watch(String name, DefaultMQPushConsumer consumer) {
    members.put(name, consumer);
    consumer.setMessageQueueListener(
        (changedTopic, all, divided) -> {
          if (topic.equals(changedTopic)) {
            changed(name, divided);
          }
        });
  }

  private synchronized void changed(String name, Set<MessageQueue> divided) {
    allocated.put(name, Set.copyOf(divided));
    conditions.removeIf(this::check);
  }

  /** Completes the condition's future and returns true if exactly its members share the topic. */
  private boolean check(Condition c) {
    Map<String, Set<MessageQueue>> shares = new LinkedHashMap<>();
    Set<MessageQueue> union = new HashSet<>();
    for (String name : c.members()) {
      Set<MessageQueue> share = allocated.get(name);
      if (share == null || share.isEmpty() || !share.equals(working(members.get(name)))) {
        return false;
      }
      for (MessageQueue mq : share) {
        if (!union.add(mq)) {
          return false;
        }
      }
      shares.put(name, share);
    }
    if (union.size() != queueCount) {
      return false;
    }
    c.settled().complete(shares);
    return true;
  }

  /** The queues of the topic the consumer pulls from now: not dropped and, if orderly, locked. */
  private Set<MessageQueue> working(DefaultMQPushConsumer consumer) {
    boolean orderly = consumer.getDefaultMQPushConsumerImpl().isConsumeOrderly();
    Set<MessageQueue> working = new HashSet<>();
    for (Map.Entry<MessageQueue, ProcessQueue> e :
        consumer
            .getDefaultMQPushConsumerImpl()
            .getRebalanceImpl()
            .getProcessQueueTable()
            .entrySet()) {
      ProcessQueue pq = e.getValue();
      if (e.getKey().getTopic().equals(topic) && !pq.isDropped() && (!orderly || pq.isLocked())) {
        working.add(e.getKey());
      }
    }
    return working;
  }

  /** Waits until the named members (and they alone) work on the topic, and returns their shares. */
  Map<String, Set<MessageQueue>> awaitSettled(Duration timeout, String... names)
      throws InterruptedException, ExecutionException {
    Condition c = new Condition(Set.of(names), new CompletableFuture<>());
    synchronized (this) {
      if (!check(c)) {
        conditions.add(c);
      }
    }
    try {
      return c.settled().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      synchronized (this) {
        throw new AssertionError(
            "members "
                + List.of(names)
                + " did not settle on "
                + topic
                + " within "
                + timeout
                + "; last allocations "
                + allocated,
            e);
      }
    }
  }
}
