package io.actormq.client;

import io.actormq.client.transport.ConnectionPool;
import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.header.SendMessageRequestHeaderV2;
import io.actormq.protocol.header.SendMessageResponseHeader;
import io.actormq.protocol.message.BatchEntry;
import io.actormq.protocol.message.MessageBatchCodec;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.SysFlag;
import io.actormq.protocol.message.UniqKeyGenerator;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Sends over the wire: picks a writable queue of the topic's route (by the sharding key's hash, or
 * round-robin), sends {@code SEND_MESSAGE_V2} / {@code SEND_BATCH_MESSAGE} to that broker's master
 * and retries retriable failures (another queue when unkeyed, after re-reading the route).
 */
final class BrokerSender implements MessageSender {

  private static final String DEFAULT_TOPIC = "TBW102";
  private static final int DEFAULT_TOPIC_QUEUES = 4;

  private final ActorMqClient client;
  private final ProducerSettings settings;
  // Per topic, the write of the latest first attempt; the next one is chained behind it.
  private final Map<String, CompletableFuture<Void>> lastDispatch = new ConcurrentHashMap<>();
  private final AtomicInteger roundRobin = new AtomicInteger(ThreadLocalRandom.current().nextInt());

  BrokerSender(ActorMqClient client, ProducerSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  String group() {
    return settings.group();
  }

  ActorMqClient client() {
    return client;
  }

  @Override
  public CompletableFuture<SendResult> send(Message m) {
    return send(m, false);
  }

  /** A half message when {@code transactional}: hidden from consumers until committed. */
  CompletableFuture<SendResult> send(Message m, boolean transactional) {
    String uniqKey = UniqKeyGenerator.shared().next();
    String properties = properties(m, uniqKey, transactional);
    int sysFlag = transactional ? SysFlag.TRANSACTION_PREPARED : 0;
    return attempt(
            m.topic(),
            m.shardingKey(),
            0,
            null,
            queue -> {
              SendMessageRequestHeaderV2 header = header(queue, sysFlag, properties, false);
              return RemotingCommand.request(
                  RequestCode.SEND_MESSAGE_V2, 0, header, ByteBuffer.wrap(m.body()));
            })
        .thenApply(
            r -> {
              SendMessageResponseHeader h =
                  SendMessageResponseHeader.fromExtFields(r.reply.extFields());
              return new SendResult(
                  m, uniqKey, h.msgId(), r.queue, h.queueOffset(), h.transactionId(), null);
            })
        .exceptionally(e -> SendResult.failed(m, uniqKey, unwrap(e)));
  }

  @Override
  public CompletableFuture<List<SendResult>> sendBatch(List<Message> messages) {
    String topic = messages.get(0).topic();
    List<String> ids = new ArrayList<>(messages.size());
    List<BatchEntry> entries = new ArrayList<>(messages.size());
    for (Message m : messages) {
      String id = UniqKeyGenerator.shared().next();
      ids.add(id);
      entries.add(BatchEntry.of(0, m.body(), properties(m, id, false)));
    }
    byte[] body = MessageBatchCodec.encode(entries);
    String batchProps = MessageProperties.encode(Map.of(MessageProperties.WAIT, "true"));
    return attempt(
            topic,
            null,
            0,
            null,
            queue ->
                RemotingCommand.request(
                    RequestCode.SEND_BATCH_MESSAGE,
                    0,
                    header(queue, 0, batchProps, true),
                    ByteBuffer.wrap(body)))
        .thenApply(
            r -> {
              SendMessageResponseHeader h =
                  SendMessageResponseHeader.fromExtFields(r.reply.extFields());
              String[] offsetIds = h.msgId().split(",");
              List<SendResult> out = new ArrayList<>(messages.size());
              for (int i = 0; i < messages.size(); i++) {
                out.add(
                    new SendResult(
                        messages.get(i),
                        ids.get(i),
                        i < offsetIds.length ? offsetIds[i] : null,
                        r.queue,
                        h.queueOffset() + i,
                        null,
                        null));
              }
              return out;
            })
        .exceptionally(
            e -> {
              List<SendResult> out = new ArrayList<>(messages.size());
              for (int i = 0; i < messages.size(); i++) {
                out.add(SendResult.failed(messages.get(i), ids.get(i), unwrap(e)));
              }
              return out;
            });
  }

  private SendMessageRequestHeaderV2 header(
      MessageQueue queue, int sysFlag, String properties, boolean batch) {
    return new SendMessageRequestHeaderV2(
        settings.group(),
        queue.topic(),
        DEFAULT_TOPIC,
        DEFAULT_TOPIC_QUEUES,
        queue.queueId(),
        sysFlag,
        System.currentTimeMillis(),
        0,
        properties,
        0,
        false,
        null,
        batch,
        queue.brokerName());
  }

  private String properties(Message m, String uniqKey, boolean transactional) {
    Map<String, String> p = new LinkedHashMap<>(m.properties());
    if (m.tags() != null) {
      p.put(MessageProperties.TAGS, m.tags());
    }
    if (m.keys() != null) {
      p.put(MessageProperties.KEYS, m.keys());
    }
    p.put(MessageProperties.WAIT, "true");
    p.put(MessageProperties.UNIQ_KEY, uniqKey);
    if (transactional) {
      p.put(MessageProperties.TRAN_MSG, "true");
      p.put(MessageProperties.PGROUP, settings.group());
    }
    return MessageProperties.encode(p);
  }

  private record Sent(MessageQueue queue, RemotingCommand reply) {}

  /**
   * The first attempt of every send passes through its topic's chain, so a topic's sends are
   * written to the connections in the order they were made even while a route or a connection is
   * still being looked up (the dependents of one future would run in reverse order). One connection
   * per node keeps that order up to the node, which is what per-key order needs.
   */
  private CompletableFuture<Sent> attempt(
      String topic,
      String shardingKey,
      int attempt,
      String avoidBroker,
      Function<MessageQueue, RemotingCommand> request) {
    MessageQueue[] chosen = new MessageQueue[1];
    CompletableFuture<CompletableFuture<RemotingCommand>> written;
    if (attempt == 0) {
      CompletableFuture<CompletableFuture<RemotingCommand>> mine = new CompletableFuture<>();
      lastDispatch.compute(
          topic,
          (t, previous) -> {
            (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                .thenCompose(v -> dispatch(topic, shardingKey, avoidBroker, request, chosen, false))
                .whenComplete(
                    (f, e) -> {
                      if (e != null) {
                        mine.completeExceptionally(e);
                      } else {
                        mine.complete(f);
                      }
                    });
            return mine.handle((f, e) -> null);
          });
      written = mine;
    } else {
      written = dispatch(topic, shardingKey, avoidBroker, request, chosen, true);
    }
    CompletableFuture<Sent> result =
        written
            .thenCompose(f -> f)
            .thenApply(
                reply -> {
                  if (!stored(reply.code())) {
                    throw new BrokerException(reply.code(), reply.remark());
                  }
                  return new Sent(chosen[0], reply);
                });
    return result.exceptionallyCompose(
        e -> {
          Throwable cause = unwrap(e);
          if (attempt < settings.retries() && retriable(cause)) {
            // Like the official producer, the retry avoids the broker that just failed.
            String failed = chosen[0] == null ? null : chosen[0].brokerName();
            return attempt(topic, shardingKey, attempt + 1, failed, request);
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  /** Completes once the request is written, with the future of its reply. */
  private CompletableFuture<CompletableFuture<RemotingCommand>> dispatch(
      String topic,
      String shardingKey,
      String avoidBroker,
      Function<MessageQueue, RemotingCommand> request,
      MessageQueue[] chosen,
      boolean freshRoute) {
    return (freshRoute ? client.routes().fetch(topic) : client.routes().route(topic))
        .thenCompose(
            route -> {
              List<MessageQueue> queues = RouteTable.writeQueues(topic, route);
              if (queues.isEmpty()) {
                throw new IllegalStateException("no writable queue for topic " + topic);
              }
              MessageQueue q = choose(queues, shardingKey, avoidBroker);
              chosen[0] = q;
              return client.masterOf(q.brokerName()).thenCompose(client::connection);
            })
        .thenApply(
            connection ->
                connection.invoke(request.apply(chosen[0]), settings.sendTimeout().toMillis()));
  }

  private MessageQueue choose(List<MessageQueue> queues, String shardingKey, String avoidBroker) {
    if (shardingKey != null) {
      return queues.get(Math.floorMod(shardingKey.hashCode(), queues.size()));
    }
    for (int i = 0; i < queues.size(); i++) {
      MessageQueue q = queues.get(Math.floorMod(roundRobin.getAndIncrement(), queues.size()));
      if (!q.brokerName().equals(avoidBroker)) {
        return q;
      }
    }
    return queues.get(Math.floorMod(roundRobin.getAndIncrement(), queues.size()));
  }

  private static boolean stored(int code) {
    return code == ResponseCode.SUCCESS
        || code == ResponseCode.FLUSH_DISK_TIMEOUT
        || code == ResponseCode.FLUSH_SLAVE_TIMEOUT
        || code == ResponseCode.SLAVE_NOT_AVAILABLE;
  }

  /** The codes the official producer retries on, plus connection failures and timeouts. */
  static boolean retriable(Throwable cause) {
    if (cause instanceof BrokerException b) {
      return switch (b.code()) {
        case ResponseCode.TOPIC_NOT_EXIST,
            ResponseCode.SERVICE_NOT_AVAILABLE,
            ResponseCode.SYSTEM_ERROR,
            ResponseCode.SYSTEM_BUSY,
            ResponseCode.NO_PERMISSION,
            ResponseCode.NO_BUYER_ID,
            ResponseCode.NOT_IN_CURRENT_UNIT,
            ResponseCode.FLOW_CONTROL,
            ResponseCode.GO_AWAY ->
            true;
        default -> false;
      };
    }
    return ConnectionPool.isConnectionFailure(cause);
  }

  static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
