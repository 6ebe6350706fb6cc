package io.actormq.broker.handler;

import io.actormq.broker.Asks;
import io.actormq.broker.group.ConnectionBinding;
import io.actormq.broker.group.ConsumerGroups;
import io.actormq.broker.group.GroupsView;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.protocol.body.ConsumerData;
import io.actormq.protocol.body.ConsumerIdList;
import io.actormq.protocol.body.HeartbeatData;
import io.actormq.protocol.body.ProducerData;
import io.actormq.protocol.body.SubscriptionData;
import io.actormq.protocol.header.GetConsumerListByGroupRequestHeader;
import io.actormq.protocol.header.HeaderException;
import io.actormq.protocol.header.UnregisterClientRequestHeader;
import io.actormq.protocol.json.JsonException;
import io.actormq.protocol.json.JsonReader;
import io.actormq.protocol.json.JsonTree;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client session requests: HEART_BEAT (34), UNREGISTER_CLIENT (35), GET_CONSUMER_LIST_BY_GROUP (38)
 * and CHECK_CLIENT_CONFIG (46).
 */
public final class ClientHandlers {

  private static final Logger log = LoggerFactory.getLogger(ClientHandlers.class);

  /** Heartbeat V2 reply fields (RocketMQ's MixAll constants). */
  static final String IS_SUPPORT_HEART_BEAT_V2 = "IS_SUPPORT_HEART_BEAT_V2";

  static final String IS_SUB_CHANGE = "IS_SUB_CHANGE";

  private final ActorRef<ConsumerGroups.Command> groups;
  private final GroupsView view;
  private final ConnectionBinding binding;
  private final ActorSystem<?> system;
  private final Duration askTimeout;
  private final Function<String, List<String>> membersElsewhere;

  /** For a node alone: every consumer it knows is connected to it. */
  public ClientHandlers(
      ActorRef<ConsumerGroups.Command> groups,
      GroupsView view,
      ConnectionBinding binding,
      ActorSystem<?> system,
      Duration askTimeout) {
    this(groups, view, binding, system, askTimeout, group -> List.of());
  }

  /**
   * @param membersElsewhere the client ids of a consumer group connected to the cluster's other
   *     live nodes, so a consumer list is the same whichever node answers it
   */
  public ClientHandlers(
      ActorRef<ConsumerGroups.Command> groups,
      GroupsView view,
      ConnectionBinding binding,
      ActorSystem<?> system,
      Duration askTimeout,
      Function<String, List<String>> membersElsewhere) {
    this.membersElsewhere = membersElsewhere;
    this.groups = groups;
    this.view = view;
    this.binding = binding;
    this.system = system;
    this.askTimeout = askTimeout;
  }

  /** The handlers by request code, for the dispatcher. */
  public Map<Integer, RequestHandler> handlers() {
    return Map.<Integer, RequestHandler>of(
        RequestCode.HEART_BEAT, this::heartbeat,
        RequestCode.UNREGISTER_CLIENT, this::unregister,
        RequestCode.GET_CONSUMER_LIST_BY_GROUP, this::consumerList,
        RequestCode.CHECK_CLIENT_CONFIG, this::checkClientConfig);
  }

  /**
   * HEART_BEAT (34). The client is registered before the reply goes out: its rebalance right after
   * asks for the consumer list and takes nothing unless its own id is in it.
   */
  public CompletionStage<RemotingCommand> heartbeat(
      RemotingCommand request, ClientConnection connection) {
    HeartbeatData data;
    try {
      data = HeartbeatData.fromJson(bodyBytes(request));
    } catch (JsonException e) {
      return badBody(request, "heartbeat", e);
    }
    if (data.clientID().isBlank()) {
      return CompletableFuture.completedFuture(
          RemotingCommand.responseTo(
              request, ResponseCode.INVALID_PARAMETER, "heartbeat without a clientID"));
    }
    return Asks.<ConsumerGroups.Command, ConsumerGroups.HeartbeatAck>ask(
            groups,
            r -> new ConsumerGroups.Heartbeat(data, connection, r),
            askTimeout,
            system.scheduler())
        .thenApply(
            ack -> {
              binding.bind(connection, data.clientID(), producerGroups(data), consumerGroups(data));
              if (data.heartbeatFingerprint() == 0) {
                return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
              }
              // IS_SUB_CHANGE=true makes a V2 client send its full subscriptions every time,
              // so this broker never depends on a fingerprint it may have lost in a restart.
              return RemotingCommand.responseTo(
                  request,
                  ResponseCode.SUCCESS,
                  null,
                  Map.of(IS_SUPPORT_HEART_BEAT_V2, "true", IS_SUB_CHANGE, "true"),
                  null);
            });
  }

  /** UNREGISTER_CLIENT (35): a producer or consumer of the client is shutting down. */
  public CompletionStage<RemotingCommand> unregister(
      RemotingCommand request, ClientConnection connection) {
    UnregisterClientRequestHeader h;
    try {
      h = UnregisterClientRequestHeader.fromExtFields(request.extFields());
    } catch (HeaderException e) {
      return NameServerHandlers.invalid(request, e);
    }
    return Asks.<ConsumerGroups.Command, Done>ask(
            groups,
            r ->
                new ConsumerGroups.Unregister(
                    h.clientID(), h.producerGroup(), h.consumerGroup(), r),
            askTimeout,
            system.scheduler())
        .thenApply(
            done -> {
              binding.unbind(h.clientID(), h.producerGroup(), h.consumerGroup());
              return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
            });
  }

  private static List<String> union(List<String> here, List<String> elsewhere) {
    if (elsewhere.isEmpty()) {
      return here;
    }
    TreeSet<String> all = new TreeSet<>(here);
    all.addAll(elsewhere);
    return List.copyOf(all);
  }

  /**
   * GET_CONSUMER_LIST_BY_GROUP (38): the same sorted list for every member, from every node: the
   * group's clients connected here and to the cluster's other live nodes.
   */
  public CompletionStage<RemotingCommand> consumerList(
      RemotingCommand request, ClientConnection connection) {
    String group;
    try {
      group =
          GetConsumerListByGroupRequestHeader.fromExtFields(request.extFields()).consumerGroup();
    } catch (HeaderException e) {
      return NameServerHandlers.invalid(request, e);
    }
    List<String> ids = union(view.consumerIds(group), membersElsewhere.apply(group));
    if (ids.isEmpty()) {
      return CompletableFuture.completedFuture(
          RemotingCommand.responseTo(
              request, ResponseCode.SYSTEM_ERROR, "no consumer for this group, " + group));
    }
    return CompletableFuture.completedFuture(
        NameServerHandlers.success(request, new ConsumerIdList(ids).toJson()));
  }

  /**
   * CHECK_CLIENT_CONFIG (46): clients send it only for non-TAG subscriptions, and their consumer
   * fails to start on an error, which is the right outcome for SQL92 filters this broker cannot
   * apply.
   */
  public CompletionStage<RemotingCommand> checkClientConfig(
      RemotingCommand request, ClientConnection connection) {
    String type;
    try {
      Map<String, Object> body =
          JsonTree.asObject(JsonReader.parse(bodyBytes(request)), "client config");
      Map<String, Object> sub = JsonTree.optObject(body, "subscriptionData");
      type = sub == null ? null : JsonTree.optString(sub, "expressionType");
    } catch (JsonException e) {
      return badBody(request, "client config", e);
    }
    if (type == null || SubscriptionData.EXPRESSION_TAG.equals(type)) {
      return CompletableFuture.completedFuture(
          RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null));
    }
    return CompletableFuture.completedFuture(
        RemotingCommand.responseTo(
            request,
            ResponseCode.SYSTEM_ERROR,
            "The broker does not support consumer to filter message by " + type));
  }

  static byte[] bodyBytes(RemotingCommand request) {
    ByteBuffer body = request.body();
    if (body == null) {
      throw new JsonException("the request has no body");
    }
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    return bytes;
  }

  static CompletionStage<RemotingCommand> badBody(
      RemotingCommand request, String what, JsonException e) {
    log.debug("bad {} body in {}: {}", what, RequestCode.name(request.code()), e.getMessage());
    return CompletableFuture.completedFuture(
        RemotingCommand.responseTo(
            request, ResponseCode.INVALID_PARAMETER, "bad " + what + " body: " + e.getMessage()));
  }

  private static Set<String> producerGroups(HeartbeatData data) {
    Set<String> names = new LinkedHashSet<>();
    for (ProducerData p : data.producerDataSet()) {
      if (p.groupName() != null) {
        names.add(p.groupName());
      }
    }
    return names;
  }

  private static Set<String> consumerGroups(HeartbeatData data) {
    Set<String> names = new LinkedHashSet<>();
    for (ConsumerData c : data.consumerDataSet()) {
      if (c.groupName() != null) {
        names.add(c.groupName());
      }
    }
    return names;
  }
}
