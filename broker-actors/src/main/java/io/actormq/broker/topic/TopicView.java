package io.actormq.broker.topic;

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

  private volatile TopicTable table = TopicTable.EMPTY;
  private volatile boolean recovered;

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

  void publish(TopicTable newTable) {
    table = newTable;
  }

  void markRecovered() {
    recovered = true;
  }
}
