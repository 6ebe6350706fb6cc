package io.actormq.broker.cluster;

import io.actormq.broker.Asks;
import io.actormq.broker.remoting.Reply;
import io.actormq.broker.remoting.ReplyHandler;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Serves requests that name another broker of the cluster (RocketMQ 5 clients send the broker name
 * with queue requests: {@code bname}, or {@code n} in the short SEND_MESSAGE_V2 header) on that
 * broker's node, through its {@link BrokerGateway}; everything else is served here.
 *
 * <p>A request naming a broker that is not a live member of the cluster is served here, as a
 * RocketMQ broker serves any request that reaches it: the queue ids are this broker's then.
 */
public final class Forwarding {

  /** Requests about one queue, which carry the broker name of the queue they mean. */
  public static final Set<Integer> QUEUE_REQUESTS =
      Set.of(
          RequestCode.SEND_MESSAGE,
          RequestCode.SEND_MESSAGE_V2,
          RequestCode.SEND_BATCH_MESSAGE,
          RequestCode.PULL_MESSAGE,
          RequestCode.LITE_PULL_MESSAGE,
          RequestCode.QUERY_CONSUMER_OFFSET,
          RequestCode.UPDATE_CONSUMER_OFFSET,
          RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
          RequestCode.GET_MAX_OFFSET,
          RequestCode.GET_MIN_OFFSET,
          RequestCode.GET_EARLIEST_MSG_STORETIME,
          RequestCode.CONSUMER_SEND_MSG_BACK,
          RequestCode.END_TRANSACTION);

  private final String selfBroker;
  private final ClusterView cluster;
  private final ClusterSharding sharding;
  private final ActorSystem<?> system;
  private final Duration timeout;

  /**
   * @param timeout bound of a forwarded request: the longest a request may take here, long polls
   *     included
   */
  public Forwarding(
      String selfBroker,
      ClusterView cluster,
      ClusterSharding sharding,
      ActorSystem<?> system,
      Duration timeout) {
    this.selfBroker = selfBroker;
    this.cluster = cluster;
    this.sharding = sharding;
    this.system = system;
    this.timeout = timeout;
  }

  /** {@code local}, with requests for other live brokers forwarded to them. */
  public ReplyHandler around(ReplyHandler local) {
    return (request, connection) -> {
      Map<String, BrokerEntry> others = cluster.snapshot().liveOthers();
      // A node alone (the common case) skips the header lookup on every send and pull.
      String target = others.isEmpty() ? null : namedBroker(request);
      if (target == null || target.equals(selfBroker) || !others.containsKey(target)) {
        return local.handle(request, connection);
      }
      return forward(target, request, connection.remoteAddress());
    };
  }

  private CompletionStage<Reply> forward(
      String broker, RemotingCommand request, InetSocketAddress client) {
    byte[] frame = BrokerGateway.encode(request);
    byte[] clientIp = client.getAddress().getAddress();
    int clientPort = client.getPort();
    return Asks.<BrokerGateway.Command, BrokerGateway.Forwarded>ask(
            sharding.entityRefFor(BrokerGateway.ENTITY_TYPE_KEY, BrokerGateway.entityId(broker)),
            replyTo -> new BrokerGateway.Forward(frame, clientIp, clientPort, replyTo),
            timeout,
            system.scheduler())
        .thenApply(
            forwarded ->
                forwarded.response().length == 0
                    ? null
                    : Reply.of(BrokerGateway.decode(forwarded.response())));
  }

  static String namedBroker(RemotingCommand request) {
    var fields = request.extFields();
    if (fields == null) {
      return null;
    }
    String name = fields.get("bname");
    if (name == null
        && (request.code() == RequestCode.SEND_MESSAGE_V2
            || request.code() == RequestCode.SEND_BATCH_MESSAGE)) {
      name = fields.get("n");
    }
    return name == null || name.isEmpty() ? null : name;
  }
}
