package io.actormq.client;

import io.actormq.protocol.body.MessageQueue;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What a consumer session needs from the nodes. The session is written against this, not the wire,
 * so the Reactive Streams TCK can drive it over an in-memory implementation; {@link
 * BrokerConsumerTransport} is the real one.
 */
interface ConsumerTransport {

  /** Outcome of one pull. */
  enum PullStatus {
    FOUND,
    NO_NEW_MESSAGES,
    RETRY_IMMEDIATELY,
    OFFSET_MOVED
  }

  /**
   * @param nextOffset where the next pull of the queue starts
   * @param messages in offset order; empty unless FOUND
   */
  record Pulled(PullStatus status, long nextOffset, List<ReceivedMessage> messages) {}

  String clientId();

  /**
   * Joins the group: announces the subscription to the nodes and arranges for {@code
   * onMembersChanged} to run when the node reports a membership change.
   */
  CompletableFuture<Void> join(
      Runnable onMembersChanged, java.util.function.Supplier<CompletableFuture<Void>> stop);

  /**
   * As {@link #join(Runnable, java.util.function.Supplier)}, and {@code onOffsetsReset} runs with
   * the topic when the node reports that the group's offsets were reset (backtracking). Transports
   * that never hear of resets need not override it.
   */
  default CompletableFuture<Void> join(
      Runnable onMembersChanged,
      java.util.function.Consumer<String> onOffsetsReset,
      java.util.function.Supplier<CompletableFuture<Void>> stop) {
    return join(onMembersChanged, stop);
  }

  /** Leaves the group. */
  CompletableFuture<Void> leave();

  /** The readable queues of {@code topic}, sorted; empty if the topic does not exist (yet). */
  CompletableFuture<List<MessageQueue>> queues(String topic);

  /** The group's member ids as a node of {@code topic} sees them, sorted. */
  CompletableFuture<List<String>> members(String topic);

  /** Where consumption of {@code queue} starts: the committed offset or consume-from-where. */
  CompletableFuture<Long> startOffset(MessageQueue queue);

  /** A long-polling pull of at most {@code max} messages from {@code offset}. */
  CompletableFuture<Pulled> pull(MessageQueue queue, long offset, int max);

  CompletableFuture<Void> commit(MessageQueue queue, long offset);

  /** Hands a message back for redelivery through the retry topic. */
  CompletableFuture<Void> sendBack(ReceivedMessage message, int delayLevel);

  /** Locks queues for this member (ordered mode); completes with the ones it holds. */
  CompletableFuture<Set<MessageQueue>> lock(Set<MessageQueue> queues);

  CompletableFuture<Void> unlock(Set<MessageQueue> queues);
}
