package io.actormq.broker.topic;

import io.actormq.broker.CborSerializable;
import io.actormq.protocol.body.Permission;
import io.actormq.protocol.body.QueueData;
import java.util.Objects;

/**
 * A topic as this node serves it: queue counts, {@link Permission} bits, RocketMQ's topicSysFlag
 * and whether producers treat it as ordered. Persisted inside the topic registry's events and
 * snapshots, so fields may only be added (with defaults), never renamed.
 */
public record TopicConfig(
    String name, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag, boolean order)
    implements CborSerializable {

  /** RocketMQ refuses more queues per topic on one broker than this. */
  public static final int MAX_QUEUES = 1024;

  public TopicConfig {
    Objects.requireNonNull(name, "name");
  }

  /** A plain read-write topic with the same number of read and write queues. */
  public static TopicConfig of(String name, int queues) {
    return new TopicConfig(name, queues, queues, Permission.READ_WRITE, 0, false);
  }

  public boolean readable() {
    return Permission.isReadable(perm);
  }

  public boolean writable() {
    return Permission.isWritable(perm);
  }

  /** Queue ids that exist for reads or writes: the larger of the two counts. */
  public int queueCount() {
    return Math.max(readQueueNums, writeQueueNums);
  }

  /** This topic's share of a route, as the single logical broker {@code brokerName}. */
  public QueueData toQueueData(String brokerName) {
    return new QueueData(brokerName, readQueueNums, writeQueueNums, perm, topicSysFlag);
  }
}
