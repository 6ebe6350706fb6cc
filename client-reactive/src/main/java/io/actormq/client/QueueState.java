package io.actormq.client;

import io.actormq.protocol.body.MessageQueue;
import java.util.ArrayDeque;

/** One assigned queue inside a consumer session; confined to the session's lane. */
final class QueueState {

  final MessageQueue queue;
  final boolean retry;
  // -1 until the start offset is known.
  long nextOffset = -1;
  boolean pulling;
  boolean backingOff;
  boolean locked;
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
}
