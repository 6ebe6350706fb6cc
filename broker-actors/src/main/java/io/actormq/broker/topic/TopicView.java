package io.actormq.broker.topic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The topic table as last published by {@link TopicRegistry}, for lock-free reads on hot paths
 * (every send and route lookup) instead of an ask per request.
 *
 * <p>A topic missing here may still exist (the registry may not have recovered yet, or another
 * request is creating it): a miss means "ask the registry", never "does not exist". The registry
 * publishes a change before it replies to the command that made it, so whoever got the reply sees
 * the change here.
 */
public final class TopicView {

  /** A queue by its node-wide number (see {@link TopicTable}). */
  public record QueueRef(String topic, int queueId) {}

  private volatile TopicTable table = TopicTable.EMPTY;
  private volatile Map<Integer, QueueRef> byNumber = Map.of();
  private volatile boolean recovered;
  private final List<Consumer<TopicTable>> listeners = new CopyOnWriteArrayList<>();

  /**
   * Calls {@code listener} with every table published from now on, on the registry's thread: it
   * must only hand the table on (tell an actor), never block.
   */
  public void onPublish(Consumer<TopicTable> listener) {
    listeners.add(listener);
    listener.accept(table);
  }

  /** The current table; never null. */
  public TopicTable table() {
    return table;
  }

  /** The topic, or null if not (yet) known here. */
  public TopicConfig get(String topic) {
    return table.get(topic);
  }

  /** True once the registry has recovered its journal and published the result. */
  public boolean recovered() {
    return recovered;
  }

  /** The node-wide number of a queue, or -1 if the topic or queue is not known here. */
  public int queueNumber(String topic, int queueId) {
    return table.queueNumber(topic, queueId);
  }

  /** The queue a number belongs to, or null. */
  public QueueRef queueOfNumber(int number) {
    return byNumber.get(number);
  }

  void publish(TopicTable newTable) {
    Map<Integer, QueueRef> index = new HashMap<>();
    newTable
        .queueNumbers()
        .forEach(
            (topic, numbers) -> {
              for (int q = 0; q < numbers.size(); q++) {
                index.put(numbers.get(q), new QueueRef(topic, q));
              }
            });
    byNumber = Map.copyOf(index);
    table = newTable;
    listeners.forEach(l -> l.accept(newTable));
  }

  void markRecovered() {
    recovered = true;
  }
}
