package io.actormq.broker.handler;

import io.actormq.broker.Asks;
import io.actormq.broker.BrokerConfig;
import io.actormq.broker.cluster.ClusterSnapshot;
import io.actormq.broker.cluster.ClusterView;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.broker.topic.TopicConfig;
import io.actormq.broker.topic.TopicLookup;
import io.actormq.broker.topic.TopicRegistry;
import io.actormq.broker.topic.TopicTable;
import io.actormq.broker.topic.TopicValidator;
import io.actormq.broker.topic.TopicView;
import io.actormq.protocol.body.BrokerData;
import io.actormq.protocol.body.ClusterInfo;
import io.actormq.protocol.header.CreateTopicRequestHeader;
import io.actormq.protocol.header.ExtFields;
import io.actormq.protocol.header.GetRouteInfoRequestHeader;
import io.actormq.protocol.header.HeaderException;
import io.actormq.protocol.json.JsonWriter;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The name-server role, served by every node on its one port, plus the broker's topic
 * administration: route lookups ({@code GET_ROUTEINFO_BY_TOPIC} 105, auto-creating topics), cluster
 * info (106), the topic list (206), {@code UPDATE_AND_CREATE_TOPIC} (17) and topic deletion (215,
 * 216).
 *
 * <p>Every node presents itself as the master (id 0) of its own logical broker, {@code
 * actormq.broker.broker-name} in {@code actormq.broker.cluster-name}, at its advertised address,
 * and the cluster as a RocketMQ multi-master cluster: a route names every live broker that has the
 * topic, each with its own queues, so clients talk to the node that holds a queue. Name-server
 * requests therefore look the same from every node (once the cluster's distributed data has
 * spread), while broker requests (17, 215) act on the node they are sent to, as RocketMQ's do.
 */
public final class NameServerHandlers {

  private static final Logger log = LoggerFactory.getLogger(NameServerHandlers.class);

  private final ActorRef<TopicRegistry.Command> topics;
  private final TopicView view;
  private final ClusterView cluster;
  private final String clusterName;
  private final String brokerName;
  private final Supplier<String> advertisedAddress;
  private final ActorSystem<?> system;
  private final Duration askTimeout;
  private final ClusterTopics clusterTopics;

  /**
   * @param advertisedAddress the {@code host:port} clients must use to reach this node; a supplier
   *     because the port is known only once the front door is bound
   */
  public NameServerHandlers(
      ActorRef<TopicRegistry.Command> topics,
      TopicView view,
      ClusterView cluster,
      BrokerConfig config,
      Supplier<String> advertisedAddress,
      ActorSystem<?> system) {
    this(
        topics,
        view,
        cluster,
        config.clusterName(),
        config.brokerName(),
        advertisedAddress,
        system,
        config.askTimeout());
  }

  public NameServerHandlers(
      ActorRef<TopicRegistry.Command> topics,
      TopicView view,
      ClusterView cluster,
      String clusterName,
      String brokerName,
      Supplier<String> advertisedAddress,
      ActorSystem<?> system,
      Duration askTimeout) {
    this.topics = topics;
    this.view = view;
    this.cluster = cluster;
    this.clusterTopics =
        new ClusterTopics(
            topics, view, cluster, clusterName, brokerName, advertisedAddress, system, askTimeout);
    this.clusterName = clusterName;
    this.brokerName = brokerName;
    this.advertisedAddress = advertisedAddress;
    this.system = system;
    this.askTimeout = askTimeout;
  }

  /** The handlers by request code, for the dispatcher. */
  public Map<Integer, RequestHandler> handlers() {
    return Map.<Integer, RequestHandler>of(
        RequestCode.GET_ROUTEINFO_BY_TOPIC, this::routeInfo,
        RequestCode.GET_BROKER_CLUSTER_INFO, this::clusterInfo,
        RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, this::topicList,
        RequestCode.UPDATE_AND_CREATE_TOPIC, this::createOrUpdateTopic,
        RequestCode.DELETE_TOPIC_IN_BROKER, this::deleteTopic,
        RequestCode.DELETE_TOPIC_IN_NAMESRV, this::deleteTopic);
  }

  /**
   * Topic lookups for the send and pull handlers: the published view first, the registry only on a
   * miss (and to create).
   */
  public TopicResolver topicResolver() {
    return (topic, defaultQueueNums, create) -> {
      TopicConfig known = view.get(topic);
      if (known != null) {
        return CompletableFuture.completedFuture(new TopicLookup.Found(known));
      }
      return ask(
          r ->
              create
                  ? new TopicRegistry.GetOrCreate(topic, defaultQueueNums, r)
                  : new TopicRegistry.Get(topic, r));
    };
  }

  /** GET_ROUTEINFO_BY_TOPIC (105): the route, auto-creating the topic when allowed. */
  public CompletionStage<RemotingCommand> routeInfo(
      RemotingCommand request, ClientConnection connection) {
    String topic;
    try {
      topic = GetRouteInfoRequestHeader.fromExtFields(request.extFields()).topic();
    } catch (HeaderException e) {
      return invalid(request, e);
    }
    Map<String, ClusterTopics.Hosted> hosts = clusterTopics.hostsOf(topic);
    if (!hosts.isEmpty()) {
      return CompletableFuture.completedFuture(
          success(request, clusterTopics.route(hosts).toJson()));
    }
    return clusterTopics
        .createEverywhere(topic)
        .thenApply(
            created -> {
              if (!created.hosts().isEmpty()) {
                return success(request, clusterTopics.route(created.hosts()).toJson());
              }
              TopicLookup reply = created.local();
              // Clients treat 17 as "no route yet" and keep polling; name them the reason.
              String reason =
                  reply instanceof TopicLookup.NotFound nf
                      ? nf.reason()
                      : ((TopicLookup.Rejected) reply).reason();
              return RemotingCommand.responseTo(
                  request,
                  ResponseCode.TOPIC_NOT_EXIST,
                  "No topic route info in name server for the topic: "
                      + topic
                      + " ("
                      + reason
                      + ")");
            });
  }

  /**
   * GET_BROKER_CLUSTER_INFO (106): the live brokers (this one and every other whose node is Up and
   * reachable), and in {@code nodes} every member of the cluster with its state.
   */
  public CompletionStage<RemotingCommand> clusterInfo(
      RemotingCommand request, ClientConnection connection) {
    ClusterSnapshot snapshot = cluster.snapshot();
    Map<String, BrokerData> brokers = new TreeMap<>();
    brokers.put(brokerName, clusterTopics.brokerData(brokerName, advertisedAddress.get()));
    snapshot
        .liveOthers()
        .forEach(
            (name, entry) -> brokers.put(name, clusterTopics.brokerData(name, entry.address())));
    List<ClusterInfo.NodeState> nodes = new ArrayList<>();
    for (ClusterSnapshot.NodeInfo n : snapshot.nodes()) {
      nodes.add(
          new ClusterInfo.NodeState(n.broker(), n.node(), n.status(), n.reachable(), n.address()));
    }
    ClusterInfo info =
        new ClusterInfo(brokers, Map.of(clusterName, new TreeSet<>(brokers.keySet())), nodes);
    return CompletableFuture.completedFuture(success(request, info.toJson()));
  }

  /** GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206): RocketMQ's TopicList body, {"topicList":[...]}. */
  public CompletionStage<RemotingCommand> topicList(
      RemotingCommand request, ClientConnection connection) {
    return Asks.<TopicRegistry.Command, TopicTable>ask(
            topics, TopicRegistry.ListTopics::new, askTimeout, system.scheduler())
        .thenApply(
            table -> {
              TreeSet<String> names = new TreeSet<>(table.names());
              cluster
                  .snapshot()
                  .liveOthers()
                  .values()
                  .forEach(e -> names.addAll(e.topics().keySet()));
              JsonWriter w = new JsonWriter();
              w.beginObject().name("topicList").beginArray();
              names.forEach(w::value);
              w.endArray().endObject();
              return success(request, w.toByteArray());
            });
  }

  /** UPDATE_AND_CREATE_TOPIC (17), the broker's admin request (not the response code 17). */
  public CompletionStage<RemotingCommand> createOrUpdateTopic(
      RemotingCommand request, ClientConnection connection) {
    CreateTopicRequestHeader h;
    try {
      h = CreateTopicRequestHeader.fromExtFields(request.extFields());
    } catch (HeaderException e) {
      return invalid(request, e);
    }
    String problem = TopicValidator.checkName(h.topic());
    if (problem == null && TopicValidator.isSystemTopic(h.topic())) {
      problem = "The topic[" + h.topic() + "] is conflict with system topic.";
    }
    if (problem == null) {
      problem = TopicValidator.checkQueues(h.readQueueNums(), h.writeQueueNums(), h.perm());
    }
    if (problem != null) {
      return CompletableFuture.completedFuture(
          RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, problem));
    }
    TopicConfig config =
        new TopicConfig(
            h.topic(),
            h.readQueueNums(),
            h.writeQueueNums(),
            h.perm(),
            h.topicSysFlag() == null ? 0 : h.topicSysFlag(),
            h.order());
    return ask(r -> new TopicRegistry.CreateOrUpdate(config, r))
        .thenApply(
            reply -> {
              if (reply instanceof TopicLookup.Rejected rejected) {
                return RemotingCommand.responseTo(
                    request, ResponseCode.INVALID_PARAMETER, rejected.reason());
              }
              return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
            });
  }

  /**
   * DELETE_TOPIC_IN_BROKER (215) deletes the topic's queues on this broker; DELETE_TOPIC_IN_NAMESRV
   * (216) removes the topic from the cluster's routes, so it deletes it on every live broker. Admin
   * tools send both, so a missing topic is not an error.
   */
  public CompletionStage<RemotingCommand> deleteTopic(
      RemotingCommand request, ClientConnection connection) {
    String topic;
    try {
      topic = ExtFields.requireString(request.extFields(), "topic");
    } catch (HeaderException e) {
      return invalid(request, e);
    }
    if (request.code() == RequestCode.DELETE_TOPIC_IN_NAMESRV) {
      cluster
          .snapshot()
          .registries()
          .forEach(
              (broker, registry) ->
                  Asks.<TopicRegistry.Command, TopicLookup>ask(
                          registry,
                          r -> new TopicRegistry.Delete(topic, r),
                          askTimeout,
                          system.scheduler())
                      .whenComplete(
                          (reply, failure) -> {
                            if (failure != null) {
                              log.warn(
                                  "deleting topic {} on broker {}: {}",
                                  topic,
                                  broker,
                                  failure.toString());
                            }
                          }));
    }
    return ask(r -> new TopicRegistry.Delete(topic, r))
        .thenApply(
            reply ->
                reply instanceof TopicLookup.Rejected rejected
                    ? RemotingCommand.responseTo(
                        request, ResponseCode.INVALID_PARAMETER, rejected.reason())
                    : RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null));
  }

  private CompletionStage<TopicLookup> ask(
      Function<ActorRef<TopicLookup>, TopicRegistry.Command> command) {
    return Asks.ask(topics, command::apply, askTimeout, system.scheduler());
  }

  static RemotingCommand success(RemotingCommand request, byte[] body) {
    return RemotingCommand.responseTo(
        request, ResponseCode.SUCCESS, null, (Map<String, String>) null, ByteBuffer.wrap(body));
  }

  static CompletionStage<RemotingCommand> invalid(RemotingCommand request, HeaderException e) {
    log.debug("{} from a client: {}", RequestCode.name(request.code()), e.getMessage());
    return CompletableFuture.completedFuture(
        RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, e.getMessage()));
  }
}
