package io.actormq.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ReactiveConsumer}.
 *
 * @param group consumer group
 * @param topic topic subscribed to
 * @param tagExpression {@code *} or {@code TagA || TagB}
 * @param model how the group shares the topic
 * @param consumeFrom where a queue without a committed offset starts
 * @param consumeTimestamp start time for {@link ConsumeFrom#TIMESTAMP}, epoch millis
 * @param prefetchPerQueue most messages pulled from one queue and not yet handed downstream
 * @param maxUnackedPerQueue most messages of one queue pulled and not yet acknowledged
 * @param ordered per-queue order: queues are locked, and a queue's next message is delivered only
 *     after the previous one was acked (a nack delivers it again)
 * @param pullSuspend how long a node may hold a pull that finds nothing (long poll)
 * @param rebalanceInterval periodic rebalance, besides the one on membership changes
 * @param commitInterval how often advanced offsets are committed
 * @param lockInterval renewal of the queue locks in ordered mode
 * @param retryDelayLevel delay level of nacked messages; 0 lets the node choose (3 +
 *     reconsumeTimes)
 * @param maxReconsumeTimes redeliveries before the dead-letter queue
 */
public record ConsumerSettings(
    String group,
    String topic,
    String tagExpression,
    MessageModel model,
    ConsumeFrom consumeFrom,
    long consumeTimestamp,
    int prefetchPerQueue,
    int maxUnackedPerQueue,
    boolean ordered,
    Duration pullSuspend,
    Duration rebalanceInterval,
    Duration commitInterval,
    Duration lockInterval,
    int retryDelayLevel,
    int maxReconsumeTimes) {

  public enum MessageModel {
    CLUSTERING,
    BROADCASTING
  }

  public enum ConsumeFrom {
    FIRST_OFFSET,
    LAST_OFFSET,
    TIMESTAMP
  }

  public ConsumerSettings {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(consumeFrom, "consumeFrom");
    tagExpression = tagExpression == null || tagExpression.isBlank() ? "*" : tagExpression;
    if (prefetchPerQueue < 1 || maxUnackedPerQueue < prefetchPerQueue) {
      throw new IllegalArgumentException("prefetchPerQueue >= 1 and maxUnackedPerQueue >= it");
    }
  }

  /** CLUSTERING from the last offset, prefetch 32, 15 s long polls, as the official defaults. */
  public static ConsumerSettings of(String group, String topic) {
    return new ConsumerSettings(
        group,
        topic,
        "*",
        MessageModel.CLUSTERING,
        ConsumeFrom.LAST_OFFSET,
        0,
        32,
        1000,
        false,
        Duration.ofSeconds(15),
        Duration.ofSeconds(20),
        Duration.ofSeconds(1),
        Duration.ofSeconds(20),
        0,
        16);
  }

  public ConsumerSettings withTags(String expression) {
    return new ConsumerSettings(
        group,
        topic,
        expression,
        model,
        consumeFrom,
        consumeTimestamp,
        prefetchPerQueue,
        maxUnackedPerQueue,
        ordered,
        pullSuspend,
        rebalanceInterval,
        commitInterval,
        lockInterval,
        retryDelayLevel,
        maxReconsumeTimes);
  }

  public ConsumerSettings withModel(MessageModel m) {
    return new ConsumerSettings(
        group,
        topic,
        tagExpression,
        m,
        consumeFrom,
        consumeTimestamp,
        prefetchPerQueue,
        maxUnackedPerQueue,
        ordered,
        pullSuspend,
        rebalanceInterval,
        commitInterval,
        lockInterval,
        retryDelayLevel,
        maxReconsumeTimes);
  }

  public ConsumerSettings withConsumeFrom(ConsumeFrom from, long timestamp) {
    return new ConsumerSettings(
        group,
        topic,
        tagExpression,
        model,
        from,
        timestamp,
        prefetchPerQueue,
        maxUnackedPerQueue,
        ordered,
        pullSuspend,
        rebalanceInterval,
        commitInterval,
        lockInterval,
        retryDelayLevel,
        maxReconsumeTimes);
  }

  public ConsumerSettings withPrefetch(int perQueue, int maxUnacked) {
    return new ConsumerSettings(
        group,
        topic,
        tagExpression,
        model,
        consumeFrom,
        consumeTimestamp,
        perQueue,
        maxUnacked,
        ordered,
        pullSuspend,
        rebalanceInterval,
        commitInterval,
        lockInterval,
        retryDelayLevel,
        maxReconsumeTimes);
  }

  public ConsumerSettings withOrdered(boolean on) {
    return new ConsumerSettings(
        group,
        topic,
        tagExpression,
        model,
        consumeFrom,
        consumeTimestamp,
        prefetchPerQueue,
        maxUnackedPerQueue,
        on,
        pullSuspend,
        rebalanceInterval,
        commitInterval,
        lockInterval,
        retryDelayLevel,
        maxReconsumeTimes);
  }

  public ConsumerSettings withPullSuspend(Duration d) {
    return new ConsumerSettings(
        group,
        topic,
        tagExpression,
        model,
        consumeFrom,
        consumeTimestamp,
        prefetchPerQueue,
        maxUnackedPerQueue,
        ordered,
        d,
        rebalanceInterval,
        commitInterval,
        lockInterval,
        retryDelayLevel,
        maxReconsumeTimes);
  }

  public ConsumerSettings withRebalanceInterval(Duration d) {
    return new ConsumerSettings(
        group,
        topic,
        tagExpression,
        model,
        consumeFrom,
        consumeTimestamp,
        prefetchPerQueue,
        maxUnackedPerQueue,
        ordered,
        pullSuspend,
        d,
        commitInterval,
        lockInterval,
        retryDelayLevel,
        maxReconsumeTimes);
  }

  public ConsumerSettings withCommitInterval(Duration d) {
    return new ConsumerSettings(
        group,
        topic,
        tagExpression,
        model,
        consumeFrom,
        consumeTimestamp,
        prefetchPerQueue,
        maxUnackedPerQueue,
        ordered,
        pullSuspend,
        rebalanceInterval,
        d,
        lockInterval,
        retryDelayLevel,
        maxReconsumeTimes);
  }

  public ConsumerSettings withRetryDelayLevel(int level) {
    return new ConsumerSettings(
        group,
        topic,
        tagExpression,
        model,
        consumeFrom,
        consumeTimestamp,
        prefetchPerQueue,
        maxUnackedPerQueue,
        ordered,
        pullSuspend,
        rebalanceInterval,
        commitInterval,
        lockInterval,
        level,
        maxReconsumeTimes);
  }

  /** The group's retry topic, which CLUSTERING members also consume. */
  public String retryTopic() {
    return "%RETRY%" + group;
  }
}
