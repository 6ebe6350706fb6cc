package io.actormq.broker;

import io.actormq.broker.cluster.BrokerGateway;
import io.actormq.broker.cluster.BrokerPlacement;
import io.actormq.broker.cluster.BrokerShards;
import io.actormq.broker.cluster.ClusterDirectory;
import io.actormq.broker.cluster.ClusterView;
import io.actormq.broker.cluster.Forwarding;
import io.actormq.broker.group.ConnectionBinding;
import io.actormq.broker.group.ConsumerGroups;
import io.actormq.broker.group.GroupsSnapshot;
import io.actormq.broker.group.GroupsView;
import io.actormq.broker.group.QueueLocks;
import io.actormq.broker.handler.ClientHandlers;
import io.actormq.broker.handler.EndTransactionHandler;
import io.actormq.broker.handler.LockHandlers;
import io.actormq.broker.handler.NameServerHandlers;
import io.actormq.broker.handler.OffsetHandlers;
import io.actormq.broker.handler.PullHandler;
import io.actormq.broker.handler.QueryHandlers;
import io.actormq.broker.handler.ResetOffsetHandler;
import io.actormq.broker.handler.SendBackHandler;
import io.actormq.broker.handler.SendHandler;
import io.actormq.broker.handler.StoredRecords;
import io.actormq.broker.handler.TopicResolver;
import io.actormq.broker.queue.QueueActor;
import io.actormq.broker.queue.QueueEnvironment;
import io.actormq.broker.queue.QueueRouter;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestDispatcher;
import io.actormq.broker.schedule.MessageParking;
import io.actormq.broker.schedule.TimerActor;
import io.actormq.broker.schedule.TimerStore;
import io.actormq.broker.topic.TopicConfig;
import io.actormq.broker.topic.TopicLookup;
import io.actormq.broker.topic.TopicRegistry;
import io.actormq.broker.topic.TopicValidator;
import io.actormq.broker.topic.TopicView;
import io.actormq.broker.transaction.HalfMessages;
import io.actormq.broker.transaction.HalfRecords;
import io.actormq.broker.transaction.TransactionActor;
import io.actormq.broker.transaction.TransactionStore;
import io.actormq.persistence.log.RetentionPolicy;
import io.actormq.protocol.body.Permission;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.remoting.RequestCode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * Wires a node: spawns the topic registry, the consumer groups and the queue locks, starts queue
 * sharding, and registers one handler per request code. Codes left out get
 * REQUEST_CODE_NOT_SUPPORTED from the dispatcher.
 */
public final class BrokerHandlers {

  private BrokerHandlers() {}

  public static void register(NodeContext node, RequestDispatcher.Builder handlers) {
    ActorSystem<Void> system = node.system();
    BrokerConfig config = node.config();

    TopicView topicView = new TopicView();
    ActorRef<TopicRegistry.Command> topics =
        system.systemActorOf(
            TopicRegistry.create(TopicRegistry.Settings.from(config), topicView),
            ClusterDirectory.TOPIC_REGISTRY_NAME,
            Props.empty());
    GroupsView groupsView = new GroupsView();
    ActorRef<ConsumerGroups.Command> groups =
        system.systemActorOf(
            ConsumerGroups.create(ConsumerGroups.Settings.from(config), groupsView),
            "consumer-groups",
            Props.empty());
    ActorRef<QueueLocks.Command> locks =
        system.systemActorOf(QueueLocks.create(config), "queue-locks", Props.empty());
    LongConsumer closed = ConsumerGroups.connectionClosedListener(groups);
    node.connections().addCloseListener(c -> closed.accept(c.connectionId()));
    ClusterView clusterView = startDirectory(node, topicView, groups, groupsView);

    QueueRouter queues = startQueues(node, topicView);
    NameServerHandlers nameServer =
        new NameServerHandlers(
            topics, topicView, clusterView, config, node::advertisedAddress, system);
    TopicResolver topicResolver = nameServer.topicResolver();
    HostAddress storeHost = HostAddress.of(storeAddress(node.advertisedAddress()));

    nameServer.handlers().forEach(handlers::handler);
    new ClientHandlers(
            groups,
            groupsView,
            binding(node),
            system,
            config.askTimeout(),
            group -> clusterView.snapshot().consumersElsewhere(group))
        .handlers()
        .forEach(handlers::handler);
    new LockHandlers(locks, system, config.askTimeout()).handlers().forEach(handlers::handler);
    MessageParking parking = startTimer(node, topics, topicResolver, queues);
    ActorRef<TransactionActor.Command> transactions =
        startTransactions(node, topics, topicResolver, queues, storeHost);
    HalfMessages halves =
        (half, producerGroup, immunity) ->
            Asks.ask(
                transactions,
                replyTo -> new TransactionActor.Prepare(half, producerGroup, immunity, replyTo),
                config.askTimeout(),
                system.scheduler());
    handlers.handler(
        new SendHandler(
            config,
            topicResolver,
            queues,
            new StoredRecords(System::currentTimeMillis),
            storeHost,
            parking,
            halves,
            System::currentTimeMillis),
        RequestCode.SEND_MESSAGE,
        RequestCode.SEND_MESSAGE_V2,
        RequestCode.SEND_BATCH_MESSAGE);
    handlers.handler(
        new SendBackHandler(
            config.delivery(),
            topicResolver,
            topicView,
            queues,
            parking,
            storeHost,
            System::currentTimeMillis),
        RequestCode.CONSUMER_SEND_MSG_BACK);
    handlers.handler(
        new ResetOffsetHandler(
            topicView, queues, node.connections()::connectionsOfConsumerGroup, config.brokerName()),
        RequestCode.INVOKE_BROKER_TO_RESET_OFFSET);
    handlers.handler(
        new EndTransactionHandler(
            topicView,
            (halfOffset, decision, fromCheck) ->
                Asks.ask(
                    transactions,
                    replyTo -> new TransactionActor.End(halfOffset, decision, fromCheck, replyTo),
                    config.askTimeout(),
                    system.scheduler())),
        RequestCode.END_TRANSACTION);
    PullHandler pull = new PullHandler(config, topicResolver, queues, groupsView::filter);
    handlers.replyHandler(RequestCode.PULL_MESSAGE, pull);
    handlers.replyHandler(RequestCode.LITE_PULL_MESSAGE, pull);
    new OffsetHandlers(topicResolver, queues).byCode().forEach(handlers::handler);
    new QueryHandlers(topicResolver, topicView, queues).byCode().forEach(handlers::handler);
    forwardToOtherBrokers(node, clusterView, handlers);
  }

  /**
   * Queue requests naming another broker are served by that broker's node, through its gateway
   * entity (sharded and placed like its queues).
   */
  private static void forwardToOtherBrokers(
      NodeContext node, ClusterView clusterView, RequestDispatcher.Builder handlers) {
    ActorSystem<Void> system = node.system();
    BrokerConfig config = node.config();
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(
        Entity.of(BrokerGateway.ENTITY_TYPE_KEY, ctx -> BrokerGateway.create(node.dispatcher()))
            .withMessageExtractor(new BrokerShards<>(config.cluster().shardsPerBroker()))
            .withAllocationStrategy(new BrokerPlacement()));
    Forwarding forwarding =
        new Forwarding(
            config.brokerName(),
            clusterView,
            sharding,
            system,
            config.askTimeout().plus(config.maxLongPollHold()));
    for (int code : Forwarding.QUEUE_REQUESTS) {
      handlers.wrap(code, forwarding::around);
    }
  }

  /**
   * What the rest of the cluster learns of this broker (address, topics, consumer groups) and what
   * this node learns of the others.
   */
  private static ClusterView startDirectory(
      NodeContext node,
      TopicView topicView,
      ActorRef<ConsumerGroups.Command> groups,
      GroupsView groupsView) {
    ActorSystem<Void> system = node.system();
    ClusterView view = new ClusterView(node.config().brokerName());
    ActorRef<ClusterDirectory.Command> directory =
        system.systemActorOf(
            ClusterDirectory.create(
                node.config().brokerName(),
                node.advertisedAddress(),
                view,
                changed -> groups.tell(new ConsumerGroups.MembersElsewhereChanged(changed))),
            "cluster-directory",
            Props.empty());
    topicView.onPublish(table -> directory.tell(new ClusterDirectory.LocalTopics(table.topics())));
    groupsView.onPublish(
        snapshot -> directory.tell(new ClusterDirectory.LocalConsumers(consumerIds(snapshot))));
    return view;
  }

  private static Map<String, List<String>> consumerIds(GroupsSnapshot snapshot) {
    Map<String, List<String>> ids = new HashMap<>();
    snapshot.consumers().forEach((group, info) -> ids.put(group, info.clientIds()));
    return ids;
  }

  /** The transaction checker, over the half and op logs. */
  private static ActorRef<TransactionActor.Command> startTransactions(
      NodeContext node,
      ActorRef<TopicRegistry.Command> topics,
      TopicResolver topicResolver,
      QueueRouter queues,
      HostAddress storeHost) {
    ActorSystem<Void> system = node.system();
    BrokerConfig config = node.config();
    List<TopicConfig> logs =
        List.of(
            new TopicConfig(HalfRecords.HALF_TOPIC, 1, 1, Permission.READ, 0, false),
            new TopicConfig(HalfRecords.OP_TOPIC, 1, 1, Permission.READ, 0, false),
            new TopicConfig(HalfRecords.DISCARD_TOPIC, 1, 1, Permission.READ, 0, false));
    TransactionStore store =
        new TransactionStore(
            queues,
            topicResolver,
            () -> {
              List<CompletableFuture<TopicLookup>> created = new ArrayList<>();
              for (TopicConfig log : logs) {
                created.add(
                    Asks.<TopicRegistry.Command, TopicLookup>ask(
                            topics,
                            replyTo -> new TopicRegistry.CreateOrUpdate(log, replyTo),
                            config.askTimeout(),
                            system.scheduler())
                        .toCompletableFuture());
              }
              return CompletableFuture.allOf(created.toArray(CompletableFuture[]::new));
            },
            node.connections()::connectionsOfProducerGroup,
            storeHost,
            config.transactions(),
            System::currentTimeMillis);
    return system.systemActorOf(
        TransactionActor.create(store, config.transactions()), "transactions", Props.empty());
  }

  /** The scheduler of delayed, timed and retried messages, and how handlers hand it messages. */
  private static MessageParking startTimer(
      NodeContext node,
      ActorRef<TopicRegistry.Command> topics,
      TopicResolver topicResolver,
      QueueRouter queues) {
    ActorSystem<Void> system = node.system();
    BrokerConfig config = node.config();
    Duration timeout = config.askTimeout();
    TopicConfig timerTopic =
        new TopicConfig(TopicValidator.TIMER_TOPIC, 1, 1, Permission.READ, 0, false);
    TimerStore store =
        new TimerStore(
            queues,
            topicResolver,
            () ->
                Asks.ask(
                    topics,
                    replyTo -> new TopicRegistry.CreateOrUpdate(timerTopic, replyTo),
                    timeout,
                    system.scheduler()),
            config.queueDir(TopicValidator.TIMER_TOPIC, 0).resolve("wheel"),
            config.delivery(),
            System::currentTimeMillis,
            system.dispatchers().lookup(DispatcherSelector.blocking()));
    ActorRef<TimerActor.Command> timer =
        system.systemActorOf(TimerActor.create(store), "timer", Props.empty());
    return (records, deliverAt) ->
        Asks.ask(
            timer,
            replyTo -> new TimerActor.Park(records, deliverAt, replyTo),
            timeout,
            system.scheduler());
  }

  private static QueueRouter startQueues(NodeContext node, TopicView topicView) {
    ActorSystem<Void> system = node.system();
    BrokerConfig config = node.config();
    DiskUsageSampler disk = new DiskUsageSampler(config.home());
    system
        .scheduler()
        .scheduleAtFixedRate(
            config.retentionCheckInterval(),
            config.retentionCheckInterval(),
            disk,
            system.dispatchers().lookup(DispatcherSelector.blocking()));
    RetentionPolicy retention = RetentionPolicy.defaults().withRetention(config.retention());
    QueueEnvironment env =
        new QueueEnvironment(
            config,
            node.flushService(),
            system.dispatchers().lookup(DispatcherSelector.blocking()),
            System::currentTimeMillis,
            retention,
            disk,
            topicView::queueNumber);
    // Long polls would otherwise hold the front door's drain for its whole timeout.
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceUnbind(),
            "release-long-polls",
            () -> {
              env.releaseWaiters();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(
        Entity.of(QueueActor.ENTITY_TYPE_KEY, ctx -> QueueActor.create(ctx.getEntityId(), env))
            .withMessageExtractor(new BrokerShards<>(config.cluster().shardsPerBroker()))
            .withAllocationStrategy(new BrokerPlacement()));
    return new QueueRouter(sharding, config.askTimeout(), config.brokerName());
  }

  private static ConnectionBinding binding(NodeContext node) {
    return new ConnectionBinding() {
      @Override
      public void bind(
          ClientConnection connection,
          String clientId,
          Set<String> producerGroups,
          Set<String> consumerGroups) {
        node.connections().bind(connection.id(), clientId, producerGroups, consumerGroups);
      }

      @Override
      public void unbind(String clientId, String producerGroup, String consumerGroup) {
        node.connections().unbind(clientId, producerGroup, consumerGroup);
      }
    };
  }

  /** The store host written into records and offsetMsgIds: the address clients reach us at. */
  private static InetSocketAddress storeAddress(String advertised) {
    int colon = advertised.lastIndexOf(':');
    return new InetSocketAddress(
        advertised.substring(0, colon), Integer.parseInt(advertised.substring(colon + 1)));
  }
}
