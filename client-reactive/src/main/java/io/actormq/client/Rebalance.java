package io.actormq.client;

import io.actormq.protocol.body.MessageQueue;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A member's share of a topic's queues: all of them when broadcasting, else the official client's
 * averaging split over the sorted queue list and the sorted member ids the node reports.
 */
final class Rebalance {

  private Rebalance() {}

  static CompletableFuture<List<MessageQueue>> share(
      ConsumerTransport transport, ConsumerSettings settings, String topic) {
    if (settings.model() == ConsumerSettings.MessageModel.BROADCASTING) {
      return transport.queues(topic);
    }
    return transport
        .queues(topic)
        .thenCombine(
            transport.members(topic),
            (all, members) -> QueueAllocation.averagely(all, members, transport.clientId()));
  }
}
