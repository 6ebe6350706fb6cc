package io.actormq.client;

import io.actormq.protocol.body.MessageQueue;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One assigned queue inside a consumer session; confined to the session's lane. */
final class QueueState {

  private static final Logger LOG = LoggerFactory.getLogger(QueueState.class);

  final MessageQueue queue;
  final boolean retry;
  // -1 until the start offset is known.
  long nextOffset = -1;
  boolean pulling;
  boolean backingOff;
  boolean locked;
  // Ordered mode: a nacked message waits before it is delivered again.
  boolean suspended;
  boolean removed;
  // Delivered and neither acked nor nacked yet (ordered mode delivers one at a time).
  int atSubscriber;
  long lastCommitted = -1;
  final ArrayDeque<ReceivedMessage> buffer = new ArrayDeque<>();
  final AckWindow unacked = new AckWindow();

  QueueState(MessageQueue queue, boolean retry) {
    this.queue = queue;
    this.retry = retry;
  }

  /**
   * The offset the group may commit: everything below it was acknowledged (or filtered out). The
   * lowest unacknowledged delivery, else the first buffered message, else the next pull's offset.
   */
  long committable() {
    if (!unacked.isEmpty()) {
      return unacked.lowest();
    }
    ReceivedMessage first = buffer.peek();
    return first != null ? first.queueOffset() : nextOffset;
  }

  /**
   * Commits {@link #committable()} if it advanced. Runs on the session's lane; a failed commit is
   * forgotten there, so the next one sends the offset again.
   */
  CompletableFuture<Void> commit(ConsumerTransport transport, Executor lane) {
    if (nextOffset < 0) {
      return CompletableFuture.completedFuture(null);
    }
    long offset = committable();
    if (offset <= lastCommitted) {
      return CompletableFuture.completedFuture(null);
    }
    long previous = lastCommitted;
    lastCommitted = offset;
    return transport
        .commit(queue, offset)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.debug("commit of {} at {} failed: {}", queue, offset, e.toString());
                lane.execute(
                    () -> {
                      if (lastCommitted == offset) {
                        lastCommitted = previous;
                      }
                    });
              }
            })
        .exceptionally(e -> null);
  }
}
