package io.actormq.multijvm;

import io.actormq.protocol.body.ClusterInfo;
import io.actormq.protocol.body.ConsumerIdList;
import io.actormq.protocol.body.TopicRouteData;
import io.actormq.protocol.header.GetConsumerListByGroupRequestHeader;
import io.actormq.protocol.header.GetRouteInfoRequestHeader;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster-wide views every node answers (cluster info, a topic's route, a group's consumers),
 * asked of one given node: a test compares what each node says, which the official client, asking
 * any node of its list, cannot show.
 */
final class NodeQueries {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final AtomicInteger OPAQUE = new AtomicInteger(100);

  private NodeQueries() {}

  /** GET_BROKER_CLUSTER_INFO (106). */
  static ClusterInfo clusterInfo(BrokerProcess node) throws IOException {
    RemotingCommand response =
        call(
            node,
            RemotingCommand.request(
                RequestCode.GET_BROKER_CLUSTER_INFO, OPAQUE.incrementAndGet(), Map.of(), null));
    requireSuccess(node, "cluster info", response);
    return ClusterInfo.fromJson(RemotingCall.bodyBytes(response));
  }

  /**
   * GET_ROUTEINFO_BY_TOPIC (105); with auto-create on, the lookup of an unknown topic creates it.
   *
   * @return empty when the node answers TOPIC_NOT_EXIST
   */
  static Optional<TopicRouteData> route(BrokerProcess node, String topic) throws IOException {
    RemotingCommand response =
        call(
            node,
            RemotingCommand.request(
                RequestCode.GET_ROUTEINFO_BY_TOPIC,
                OPAQUE.incrementAndGet(),
                new GetRouteInfoRequestHeader(topic, true),
                null));
    if (response.code() == ResponseCode.TOPIC_NOT_EXIST) {
      return Optional.empty();
    }
    requireSuccess(node, "route of " + topic, response);
    return Optional.of(TopicRouteData.fromJson(RemotingCall.bodyBytes(response)));
  }

  /** GET_CONSUMER_LIST_BY_GROUP (38): the client ids of the group's live consumers. */
  static List<String> consumerIds(BrokerProcess node, String group) throws IOException {
    RemotingCommand response =
        call(
            node,
            RemotingCommand.request(
                RequestCode.GET_CONSUMER_LIST_BY_GROUP,
                OPAQUE.incrementAndGet(),
                new GetConsumerListByGroupRequestHeader(group),
                null));
    requireSuccess(node, "consumers of " + group, response);
    return ConsumerIdList.fromJson(RemotingCall.bodyBytes(response)).consumerIdList();
  }

  private static RemotingCommand call(BrokerProcess node, RemotingCommand request)
      throws IOException {
    return RemotingCall.exchange(
        new InetSocketAddress(FreePorts.LOOPBACK, node.port()), request, TIMEOUT);
  }

  private static void requireSuccess(BrokerProcess node, String what, RemotingCommand response)
      throws IOException {
    if (response.code() != ResponseCode.SUCCESS) {
      // An IOException, so that a poll treats it like a node not (yet) able to answer.
      throw new IOException(
          node.name()
              + " answered "
              + what
              + " with "
              + ResponseCode.name(response.code())
              + ": "
              + response.remark());
    }
  }
}
