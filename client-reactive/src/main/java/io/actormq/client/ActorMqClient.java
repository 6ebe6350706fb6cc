package io.actormq.client;

import io.actormq.client.transport.ConnectionPool;
import io.actormq.client.transport.RemotingConnection;
import io.actormq.protocol.body.ConsumerData;
import io.actormq.protocol.body.HeartbeatData;
import io.actormq.protocol.body.ProducerData;
import io.actormq.protocol.header.NotifyConsumerIdsChangedRequestHeader;
import io.actormq.protocol.header.ResetOffsetRequestHeader;
import io.actormq.protocol.header.UnregisterClientRequestHeader;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client identity ({@code ip@instanceName}) towards an ActorMQ (or RocketMQ) deployment: the
 * connection pool, the route table, heartbeats announcing its producer and consumer groups, and the
 * requests nodes send back (consumer-ids changed, transaction checks). Producers and consumers are
 * made from it and share all of that. Close it to unregister and release its threads.
 */
public final class ActorMqClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ActorMqClient.class);

  private final ClientConfig config;
  private final AsynchronousChannelGroup ioGroup;
  private final ScheduledThreadPoolExecutor timer;
  private final ExecutorService workers;
  private final ConnectionPool pool;
  private final RouteTable routes;
  private final Map<String, TransactionChecks> producerGroups = new ConcurrentHashMap<>();
  private final Map<String, ConsumerRegistration> consumers = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A consumer group this client belongs to: what its heartbeat says, whom to tell of changes. */
  record ConsumerRegistration(
      Supplier<ConsumerData> data,
      Runnable onIdsChanged,
      java.util.function.Consumer<String> onOffsetsReset,
      Supplier<CompletableFuture<Void>> stop) {}

  private ActorMqClient(ClientConfig config) {
    this.config = config;
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("actormq-client-timer"));
    // Cancelled request timeouts would otherwise pile up in the queue until they were due.
    timer.setRemoveOnCancelPolicy(true);
    this.workers = Executors.newFixedThreadPool(config.workerThreads(), daemon("actormq-client"));
    try {
      this.ioGroup =
          AsynchronousChannelGroup.withFixedThreadPool(
              config.ioThreads(), daemon("actormq-client-io"));
    } catch (IOException e) {
      timer.shutdownNow();
      workers.shutdownNow();
      throw new UncheckedIOException(e);
    }
    this.pool =
        new ConnectionPool(
            ioGroup,
            timer,
            this::onRequest,
            config.serializeType(),
            config.connectTimeout().toMillis(),
            config.reconnectBackoff().toMillis(),
            config.maxReconnectBackoff().toMillis(),
            this::onConnect);
    this.routes = new RouteTable(pool, config.bootstrap(), requestTimeoutMillis());
  }

  /** Starts a client: no connection is opened until the first producer or consumer needs one. */
  public static ActorMqClient start(ClientConfig config) {
    ActorMqClient client = new ActorMqClient(config);
    long hb = config.heartbeatInterval().toMillis();
    client.timer.scheduleWithFixedDelay(client::heartbeat, hb, hb, TimeUnit.MILLISECONDS);
    long rr = config.routeRefreshInterval().toMillis();
    client.timer.scheduleWithFixedDelay(client::refreshRoutes, rr, rr, TimeUnit.MILLISECONDS);
    return client;
  }

  public static ActorMqClient start(String namesrvAddr) {
    return start(ClientConfig.of(namesrvAddr));
  }

  public String clientId() {
    return config.clientId();
  }

  public ClientConfig config() {
    return config;
  }

  /** A producer of the given group; {@link ProducerSettings#of(String)} has the defaults. */
  public ReactiveProducer producer(ProducerSettings settings) {
    registerProducerGroup(settings.group(), null);
    return new ReactiveProducer(settings, new BrokerSender(this, settings), workers);
  }

  /**
   * A producer of transactional messages; {@code checker} answers the node's check-backs for half
   * messages whose outcome it did not learn.
   */
  public TransactionalProducer transactionalProducer(
      ProducerSettings settings, TransactionChecker checker) {
    TransactionChecks checks = new TransactionChecks(this, settings.group(), checker);
    registerProducerGroup(settings.group(), checks);
    return new TransactionalProducer(new BrokerSender(this, settings), checks, workers);
  }

  /** A consumer: a {@code Publisher} of the subscription's messages, for one subscriber. */
  public ReactiveConsumer consumer(ConsumerSettings settings) {
    return new ReactiveConsumer(
        settings, new BrokerConsumerTransport(this, settings), workers, timer);
  }

  // ---- shared services of the producers and consumers (package-private) ----

  long requestTimeoutMillis() {
    return config.requestTimeout().toMillis();
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  RouteTable routes() {
    return routes;
  }

  CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, long timeout) {
    return pool.invoke(address, request, timeout);
  }

  CompletableFuture<RemotingConnection> connection(String address) {
    return pool.get(address);
  }

  CompletableFuture<Void> oneway(String address, RemotingCommand request) {
    return pool.oneway(address, request);
  }

  /** The master address of a broker seen in some route, or a failed future. */
  CompletableFuture<String> masterOf(String brokerName) {
    String addr = routes.masterAddress(brokerName);
    return addr != null
        ? CompletableFuture.completedFuture(addr)
        : CompletableFuture.failedFuture(
            new IllegalStateException("no master known for broker " + brokerName));
  }

  void registerProducerGroup(String group, TransactionChecks checks) {
    TransactionChecks none = TransactionChecks.NONE;
    producerGroups.merge(group, checks == null ? none : checks, (a, b) -> b == none ? a : b);
  }

  void registerConsumer(String group, ConsumerRegistration registration) {
    if (consumers.putIfAbsent(group, registration) != null) {
      throw new IllegalStateException(
          "consumer group " + group + " already has a consumer in client " + clientId());
    }
  }

  /** Leaves the group: the next heartbeats omit it, and the brokers are told at once. */
  CompletableFuture<Void> unregisterConsumer(String group, ConsumerRegistration registration) {
    if (!consumers.remove(group, registration)) {
      return CompletableFuture.completedFuture(null);
    }
    return unregister(new UnregisterClientRequestHeader(clientId(), null, group));
  }

  /** Sends the heartbeat to every master seen in a route; completes when all have answered. */
  CompletableFuture<Void> heartbeatNow() {
    List<CompletableFuture<RemotingCommand>> sent = new ArrayList<>();
    for (String addr : routes.masterAddresses()) {
      sent.add(pool.invoke(addr, heartbeatRequest(), requestTimeoutMillis()));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  private RemotingCommand heartbeatRequest() {
    List<ProducerData> producers = new ArrayList<>();
    producerGroups.keySet().forEach(g -> producers.add(new ProducerData(g)));
    List<ConsumerData> consumerData = new ArrayList<>();
    consumers.values().forEach(c -> consumerData.add(c.data().get()));
    byte[] body = new HeartbeatData(clientId(), producers, consumerData).toJson();
    return RemotingCommand.request(RequestCode.HEART_BEAT, 0, Map.of(), ByteBuffer.wrap(body));
  }

  private void heartbeat() {
    heartbeatNow()
        .exceptionally(
            e -> {
              LOG.debug("heartbeat failed: {}", e.toString());
              return null;
            });
  }

  private void refreshRoutes() {
    for (String topic : routes.knownTopics()) {
      routes
          .fetch(topic)
          .exceptionally(
              e -> {
                LOG.debug("route refresh of {} failed: {}", topic, e.toString());
                return null;
              });
    }
  }

  // 5.x clients heartbeat on every new connection so a restarted node knows them at once.
  private void onConnect(RemotingConnection connection) {
    if (routes.masterAddresses().contains(connection.address())
        && (!consumers.isEmpty() || !producerGroups.isEmpty())) {
      connection.invoke(heartbeatRequest(), requestTimeoutMillis());
    }
  }

  private void onRequest(RemotingConnection connection, RemotingCommand request) {
    switch (request.code()) {
      case RequestCode.NOTIFY_CONSUMER_IDS_CHANGED -> {
        String group =
            NotifyConsumerIdsChangedRequestHeader.fromExtFields(request.extFields())
                .consumerGroup();
        ConsumerRegistration r = consumers.get(group);
        if (r != null) {
          r.onIdsChanged().run();
        }
      }
      case RequestCode.RESET_CONSUMER_CLIENT_OFFSET -> {
        // The node has already moved the group's offsets (mqadmin resetOffsetByTime): the
        // consumer repositions its queues of that topic from them.
        ResetOffsetRequestHeader header =
            ResetOffsetRequestHeader.fromExtFields(request.extFields());
        ConsumerRegistration r = consumers.get(header.group());
        if (r != null) {
          r.onOffsetsReset().accept(header.topic());
        }
        if (!request.isOneway()) {
          connection.reply(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null));
        }
      }
      case RequestCode.CHECK_TRANSACTION_STATE ->
          TransactionChecks.dispatch(producerGroups, connection, request, workers);
      default -> {
        if (!request.isOneway()) {
          connection.reply(
              RemotingCommand.responseTo(
                  request,
                  ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                  "request " + request.code() + " is not supported by this client"));
        }
      }
    }
  }

  private CompletableFuture<Void> unregister(UnregisterClientRequestHeader header) {
    List<CompletableFuture<RemotingCommand>> sent = new ArrayList<>();
    for (String addr : pool.connectedAddresses()) {
      if (routes.masterAddresses().contains(addr)) {
        sent.add(
            pool.invoke(
                addr,
                RemotingCommand.request(RequestCode.UNREGISTER_CLIENT, 0, header, null),
                requestTimeoutMillis()));
      }
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .exceptionally(
            e -> {
              LOG.debug("unregister failed: {}", e.toString());
              return null;
            });
  }

  /** Cancels the consumers (committing their offsets), unregisters, and closes the connections. */
  public CompletableFuture<Void> closeAsync() {
    if (!closed.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    consumers.values().forEach(c -> stopping.add(c.stop().get()));
    return CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .thenCompose(
            v -> {
              List<CompletableFuture<Void>> leaving = new ArrayList<>();
              producerGroups
                  .keySet()
                  .forEach(
                      g ->
                          leaving.add(
                              unregister(new UnregisterClientRequestHeader(clientId(), g, null))));
              return CompletableFuture.allOf(leaving.toArray(CompletableFuture[]::new));
            })
        .whenComplete(
            (v, e) -> {
              pool.close();
              timer.shutdownNow();
              workers.shutdown();
              ioGroup.shutdown();
            });
  }

  @Override
  public void close() {
    try {
      closeAsync().get(2 * requestTimeoutMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("client {} did not close in time; closing its connections now", clientId());
      pool.close();
      timer.shutdownNow();
      workers.shutdownNow();
      ioGroup.shutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.warn("closing client {} failed: {}", clientId(), e.getCause().toString());
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
