package io.actormq.multijvm;

import io.actormq.protocol.body.BrokerData;
import io.actormq.protocol.body.ClusterInfo;
import io.actormq.protocol.body.QueueData;
import io.actormq.protocol.body.TopicRouteData;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nodes of one Pekko cluster on loopback, each its own logical RocketMQ broker named {@code
 * broker-<node name>} (a multi-master cluster): made with seed lists naming each other's Artery
 * ports, and awaited until every node's cluster info and routes agree on the membership.
 */
final class ClusterNodes {

  private static final Logger log = LoggerFactory.getLogger(ClusterNodes.class);

  /** How long formation, a membership change or a route change may take on a loaded machine. */
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  static final String SEED_NODES = "actormq.cluster.seed-nodes";
  static final String BROKER_NAME = "actormq.broker.broker-name";
  static final String DEFAULT_QUEUES = "actormq.topics.default-queues";

  private ClusterNodes() {}

  /**
   * Makes (does not start) nodes that all list all of them as seeds; start them with {@link
   * BrokerProcesses#startAll}, since the first seed must be up for the cluster to form.
   *
   * @param settings configuration every node gets, on top of the cluster's own
   */
  static List<BrokerProcess> create(
      BrokerProcesses brokers, List<String> names, Map<String, String> settings) {
    List<BrokerProcess> nodes =
        names.stream().map(name -> brokers.create(name, nodeSettings(name, settings))).toList();
    String seeds = seedList(nodes);
    nodes.forEach(node -> node.configure(SEED_NODES, seeds));
    return nodes;
  }

  /** Makes (does not start) a node that joins the cluster through {@code seeds}. */
  static BrokerProcess createJoining(
      BrokerProcesses brokers,
      String name,
      List<BrokerProcess> seeds,
      Map<String, String> settings) {
    BrokerProcess node = brokers.create(name, nodeSettings(name, settings));
    node.configure(SEED_NODES, seedList(seeds));
    return node;
  }

  static String brokerName(BrokerProcess node) {
    return "broker-" + node.name();
  }

  /** The official client's name-server list naming every node: {@code "a;b;c"}. */
  static String namesrvAddr(List<BrokerProcess> nodes) {
    return nodes.stream().map(BrokerProcess::namesrvAddr).collect(Collectors.joining(";"));
  }

  /**
   * Waits until the cluster info of every node in {@code nodes} lists exactly their brokers, each
   * at its node's address.
   *
   * @return how long it took
   */
  static Duration awaitFormation(List<BrokerProcess> nodes) throws InterruptedException {
    Instant start = Instant.now();
    Instant deadline = start.plus(TIMEOUT);
    Map<String, String> expected = addresses(nodes);
    for (BrokerProcess node : nodes) {
      Poll.until(
          node.name() + " listing the brokers " + expected,
          Duration.between(Instant.now(), deadline),
          () -> NodeQueries.clusterInfo(node),
          info -> expected.equals(masters(info)));
    }
    Duration took = Duration.between(start, Instant.now());
    log.info("cluster of {} formed: {} ms", expected.keySet(), took.toMillis());
    return took;
  }

  /**
   * Waits until the route of {@code topic}, asked of each node in {@code askEach}, names exactly
   * the brokers of {@code expected} at their addresses, each with {@code queuesEach} read and write
   * queues. The first lookup of an unknown topic creates it (auto-create).
   *
   * @return the route the last node gave
   */
  static TopicRouteData awaitRoute(
      List<BrokerProcess> askEach, String topic, List<BrokerProcess> expected, int queuesEach)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(TIMEOUT);
    Map<String, String> brokers = addresses(expected);
    TopicRouteData route = null;
    for (BrokerProcess node : askEach) {
      route =
          Poll.until(
              "the route of " + topic + " from " + node.name() + " naming " + brokers.keySet(),
              Duration.between(Instant.now(), deadline),
              () -> routeOrFail(node, topic),
              r -> routes(r, brokers, queuesEach));
    }
    return route;
  }

  private static TopicRouteData routeOrFail(BrokerProcess node, String topic) throws IOException {
    return NodeQueries.route(node, topic)
        .orElseThrow(() -> new IOException(node.name() + ": no route for " + topic + " yet"));
  }

  private static boolean routes(TopicRouteData route, Map<String, String> brokers, int queues) {
    Map<String, String> named = new HashMap<>();
    for (BrokerData b : route.brokerDatas()) {
      named.put(b.brokerName(), b.masterAddr());
    }
    if (!named.equals(brokers) || route.queueDatas().size() != brokers.size()) {
      return false;
    }
    Set<String> withQueues =
        route.queueDatas().stream()
            .filter(q -> q.readQueueNums() == queues && q.writeQueueNums() == queues)
            .map(QueueData::brokerName)
            .collect(Collectors.toSet());
    return withQueues.equals(brokers.keySet());
  }

  private static Map<String, String> masters(ClusterInfo info) {
    Map<String, String> masters = new HashMap<>();
    info.brokerAddrTable().forEach((name, data) -> masters.put(name, data.masterAddr()));
    return masters;
  }

  private static Map<String, String> addresses(List<BrokerProcess> nodes) {
    Map<String, String> addresses = new HashMap<>();
    nodes.forEach(node -> addresses.put(brokerName(node), node.namesrvAddr()));
    return addresses;
  }

  private static Map<String, String> nodeSettings(String name, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>();
    all.put(BROKER_NAME, "broker-" + name);
    // A killed node is downed (and its broker leaves the routes) 5 s after it stops answering,
    // instead of the default 20 s.
    all.put("pekko.cluster.split-brain-resolver.stable-after", "5s");
    // Consumers of a killed test client leave the group lists quickly.
    all.put("actormq.clients.expiry", "10s");
    all.put("actormq.clients.expiry-check-interval", "1s");
    all.putAll(settings);
    return all;
  }

  private static String seedList(List<BrokerProcess> nodes) {
    return nodes.stream().map(BrokerProcess::arteryHostPort).collect(Collectors.joining(","));
  }
}
