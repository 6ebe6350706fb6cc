package io.actormq.client;

import io.actormq.protocol.header.EndTransactionRequestHeader;
import io.actormq.protocol.message.MessageIds;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Transactional sends: a half message first, then the application's local transaction, then its
 * outcome to the node. Outcomes that never arrive (UNKNOWN, a crash) are asked for later through
 * the {@link TransactionChecker} given when the producer was made.
 */
public final class TransactionalProducer {

  private final BrokerSender sender;
  private final TransactionChecks checks;
  private final Executor pool;
  private final Set<String> announcedTopics = ConcurrentHashMap.newKeySet();

  TransactionalProducer(BrokerSender sender, TransactionChecks checks, Executor pool) {
    this.sender = sender;
    this.checks = checks;
    this.pool = pool;
  }

  /** The half message's send result with the local transaction's outcome. */
  public record Outcome(SendResult halfMessage, TransactionState state) {}

  /**
   * Sends {@code message} as a half message and, if that worked, runs {@code localTransaction} with
   * its result (on a client pool thread) and ends the transaction with what it returns. A throwing
   * local transaction counts as UNKNOWN, as in the official client.
   */
  public CompletableFuture<Outcome> send(
      Message message, Function<SendResult, TransactionState> localTransaction) {
    return announce(message.topic())
        .exceptionally(e -> null)
        .thenCompose(v -> sender.send(message, true))
        .thenApplyAsync(
            half -> {
              // Nothing was stored, so there is nothing to end; the caller sees the failed send.
              if (!half.isSuccess()) {
                return new Outcome(half, TransactionState.ROLLBACK);
              }
              TransactionState state;
              try {
                state = localTransaction.apply(half);
              } catch (RuntimeException e) {
                state = TransactionState.UNKNOWN;
              }
              end(half, state);
              return new Outcome(half, state);
            },
            pool);
  }

  /**
   * Check-backs go only to connections whose heartbeat named the producer group, so the group is
   * announced to the topic's brokers before its first half message rather than at the next periodic
   * heartbeat.
   */
  private CompletableFuture<Void> announce(String topic) {
    if (announcedTopics.contains(topic)) {
      return CompletableFuture.completedFuture(null);
    }
    ActorMqClient client = sender.client();
    return client
        .routes()
        .route(topic)
        .thenCompose(route -> client.heartbeatNow())
        .thenRun(() -> announcedTopics.add(topic));
  }

  private void end(SendResult half, TransactionState state) {
    long commitLogOffset = MessageIds.decodeOffsetMsgId(half.offsetMsgId()).commitLogOffset();
    EndTransactionRequestHeader header =
        TransactionChecks.endHeader(
            half.message().topic(),
            checks.group(),
            half.queueOffset(),
            commitLogOffset,
            state,
            false,
            half.msgId(),
            half.transactionId());
    sender
        .client()
        .masterOf(half.queue().brokerName())
        .thenCompose(
            addr ->
                sender
                    .client()
                    .oneway(
                        addr,
                        RemotingCommand.request(RequestCode.END_TRANSACTION, 0, header, null)));
  }
}
