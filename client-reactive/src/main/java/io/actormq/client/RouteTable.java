package io.actormq.client;

import io.actormq.client.transport.ConnectionPool;
import io.actormq.protocol.body.BrokerData;
import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.body.Permission;
import io.actormq.protocol.body.QueueData;
import io.actormq.protocol.body.TopicRouteData;
import io.actormq.protocol.header.GetRouteInfoRequestHeader;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routes of the topics in use, asked of the bootstrap nodes (next node on failure), cached and
 * refreshed by the client's timer; also the broker-name to master-address table they imply.
 */
final class RouteTable {

  private final ConnectionPool pool;
  private final List<String> bootstrap;
  private final long timeoutMillis;
  private final AtomicInteger nextNode = new AtomicInteger();
  private final Map<String, TopicRouteData> routes = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<TopicRouteData>> fetching = new ConcurrentHashMap<>();
  private final Map<String, String> masters = new ConcurrentHashMap<>();

  RouteTable(ConnectionPool pool, List<String> bootstrap, long timeoutMillis) {
    this.pool = pool;
    this.bootstrap = bootstrap;
    this.timeoutMillis = timeoutMillis;
  }

  /** The cached route, or a fresh one. */
  CompletableFuture<TopicRouteData> route(String topic) {
    TopicRouteData cached = routes.get(topic);
    return cached != null ? CompletableFuture.completedFuture(cached) : fetch(topic);
  }

  /** Asks the nodes again (one request in flight per topic). */
  CompletableFuture<TopicRouteData> fetch(String topic) {
    CompletableFuture<TopicRouteData> mine = new CompletableFuture<>();
    CompletableFuture<TopicRouteData> running = fetching.putIfAbsent(topic, mine);
    if (running != null) {
      return running;
    }
    int start = Math.floorMod(nextNode.getAndIncrement(), bootstrap.size());
    ask(topic, start, 0)
        .whenComplete(
            (route, error) -> {
              fetching.remove(topic, mine);
              if (error != null) {
                mine.completeExceptionally(error);
              } else {
                routes.put(topic, route);
                for (BrokerData b : route.brokerDatas()) {
                  if (b.masterAddr() != null) {
                    masters.put(b.brokerName(), b.masterAddr());
                  }
                }
                mine.complete(route);
              }
            });
    return mine;
  }

  private CompletableFuture<TopicRouteData> ask(String topic, int start, int tried) {
    String node = bootstrap.get((start + tried) % bootstrap.size());
    RemotingCommand request =
        RemotingCommand.request(
            RequestCode.GET_ROUTEINFO_BY_TOPIC,
            0,
            new GetRouteInfoRequestHeader(topic, null),
            null);
    return pool.invoke(node, request, timeoutMillis)
        .thenApply(
            response -> {
              if (response.code() != ResponseCode.SUCCESS) {
                throw new BrokerException(response.code(), response.remark());
              }
              return TopicRouteData.fromJson(Bytes.of(response.body()));
            })
        .exceptionallyCompose(
            e ->
                ConnectionPool.isConnectionFailure(e) && tried + 1 < bootstrap.size()
                    ? ask(topic, start, tried + 1)
                    : CompletableFuture.failedFuture(e));
  }

  Collection<String> knownTopics() {
    return Set.copyOf(routes.keySet());
  }

  String masterAddress(String brokerName) {
    return masters.get(brokerName);
  }

  Collection<String> masterAddresses() {
    return Set.copyOf(masters.values());
  }

  /** The readable queues of a route, sorted as the official rebalance sorts them. */
  static List<MessageQueue> readQueues(String topic, TopicRouteData route) {
    List<MessageQueue> out = new ArrayList<>();
    for (QueueData q : route.queueDatas()) {
      if (Permission.isReadable(q.perm())) {
        for (int i = 0; i < q.readQueueNums(); i++) {
          out.add(new MessageQueue(topic, q.brokerName(), i));
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** The writable queues of brokers that have a master, in the official producer's order. */
  static List<MessageQueue> writeQueues(String topic, TopicRouteData route) {
    Set<String> withMaster = new HashSet<>();
    for (BrokerData b : route.brokerDatas()) {
      if (b.masterAddr() != null) {
        withMaster.add(b.brokerName());
      }
    }
    List<MessageQueue> out = new ArrayList<>();
    for (QueueData q : route.queueDatas()) {
      if (Permission.isWritable(q.perm()) && withMaster.contains(q.brokerName())) {
        for (int i = 0; i < q.writeQueueNums(); i++) {
          out.add(new MessageQueue(topic, q.brokerName(), i));
        }
      }
    }
    out.sort(null);
    return out;
  }
}
