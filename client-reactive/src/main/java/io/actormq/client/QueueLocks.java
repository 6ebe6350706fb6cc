package io.actormq.client;

import io.actormq.protocol.body.LockBatchRequestBody;
import io.actormq.protocol.body.LockBatchResponseBody;
import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.body.UnlockBatchRequestBody;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Queue locks of ordered consumers ({@code LOCK_BATCH_MQ} / {@code UNLOCK_BATCH_MQ}), one request
 * per broker. A broker that cannot be reached simply grants nothing: its queues stay unpulled until
 * a renewal gets them.
 */
final class QueueLocks {

  private final ActorMqClient client;
  private final String group;

  QueueLocks(ActorMqClient client, String group) {
    this.client = client;
    this.group = group;
  }

  private static Map<String, List<MessageQueue>> byBroker(Set<MessageQueue> queues) {
    Map<String, List<MessageQueue>> out = new HashMap<>();
    queues.forEach(q -> out.computeIfAbsent(q.brokerName(), b -> new ArrayList<>()).add(q));
    return out;
  }

  CompletableFuture<Set<MessageQueue>> lock(Set<MessageQueue> queues) {
    List<CompletableFuture<Set<MessageQueue>>> calls = new ArrayList<>();
    byBroker(queues)
        .forEach(
            (broker, qs) -> {
              byte[] body =
                  new LockBatchRequestBody(group, client.clientId(), false, Set.copyOf(qs))
                      .toJson();
              calls.add(
                  client
                      .masterOf(broker)
                      .thenCompose(
                          addr ->
                              client.invoke(
                                  addr,
                                  RemotingCommand.request(
                                      RequestCode.LOCK_BATCH_MQ,
                                      0,
                                      Map.of(),
                                      ByteBuffer.wrap(body)),
                                  client.requestTimeoutMillis()))
                      .thenApply(
                          r -> {
                            if (r.code() != ResponseCode.SUCCESS) {
                              throw new BrokerException(r.code(), r.remark());
                            }
                            return LockBatchResponseBody.fromJson(Bytes.of(r.body())).lockOKMQSet();
                          })
                      .exceptionally(e -> Set.of()));
            });
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              Set<MessageQueue> held = new HashSet<>();
              calls.forEach(c -> held.addAll(c.join()));
              return held;
            });
  }

  CompletableFuture<Void> unlock(Set<MessageQueue> queues) {
    List<CompletableFuture<RemotingCommand>> calls = new ArrayList<>();
    byBroker(queues)
        .forEach(
            (broker, qs) -> {
              byte[] body =
                  new UnlockBatchRequestBody(group, client.clientId(), false, Set.copyOf(qs))
                      .toJson();
              calls.add(
                  client
                      .masterOf(broker)
                      .thenCompose(
                          addr ->
                              client.invoke(
                                  addr,
                                  RemotingCommand.request(
                                      RequestCode.UNLOCK_BATCH_MQ,
                                      0,
                                      Map.of(),
                                      ByteBuffer.wrap(body)),
                                  client.requestTimeoutMillis())));
            });
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null);
  }
}
