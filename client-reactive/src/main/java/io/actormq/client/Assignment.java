package io.actormq.client;

import io.actormq.protocol.body.MessageQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The queues a consumer session holds and the round-robin among them that spreads deliveries
 * fairly. Confined to the session's lane, except {@link #snapshot()}, which any thread may read.
 */
final class Assignment {

  private final Map<MessageQueue, QueueState> queues = new LinkedHashMap<>();
  private List<QueueState> order = List.of();
  private int next;
  private volatile Set<MessageQueue> snapshot = Set.of();

  QueueState get(MessageQueue queue) {
    return queues.get(queue);
  }

  boolean contains(MessageQueue queue) {
    return queues.containsKey(queue);
  }

  boolean isEmpty() {
    return queues.isEmpty();
  }

  /** The states in round-robin order; a copy, safe to iterate while changing the assignment. */
  List<QueueState> all() {
    return order;
  }

  Set<MessageQueue> queues() {
    return Set.copyOf(queues.keySet());
  }

  /** The held queues as of the last change; for other threads. */
  Set<MessageQueue> snapshot() {
    return snapshot;
  }

  QueueState add(MessageQueue queue, boolean retry) {
    QueueState q = new QueueState(queue, retry);
    queues.put(queue, q);
    changed();
    return q;
  }

  void remove(QueueState q) {
    q.removed = true;
    if (queues.remove(q.queue, q)) {
      changed();
    }
  }

  /** The next queue, after the last one served, that {@code ready} accepts; null if none does. */
  QueueState nextReady(Predicate<QueueState> ready) {
    int n = order.size();
    for (int i = 0; i < n; i++) {
      QueueState q = order.get((next + i) % n);
      if (ready.test(q)) {
        next = (next + i + 1) % n;
        return q;
      }
    }
    return null;
  }

  private void changed() {
    order = List.copyOf(queues.values());
    next = 0;
    snapshot = Set.copyOf(queues.keySet());
  }
}
