package io.actormq.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends messages and reports each outcome as a {@link SendResult}; the futures never fail (a failed
 * send is a result with an error). The stream stages sit on this, not on the wire, so they can be
 * verified against the Reactive Streams TCK alone.
 */
interface MessageSender {

  CompletableFuture<SendResult> send(Message message);

  /** Sends messages of one topic together; one result per message, in order. */
  CompletableFuture<List<SendResult>> sendBatch(List<Message> messages);
}
