package io.actormq.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.broker.ClusterInfoCommand;
import io.actormq.broker.remoting.TestClient;
import io.actormq.protocol.body.ClusterInfo;
import io.actormq.protocol.body.ConsumerData;
import io.actormq.protocol.body.ConsumerIdList;
import io.actormq.protocol.body.HeartbeatData;
import io.actormq.protocol.body.QueueData;
import io.actormq.protocol.body.TopicRouteData;
import io.actormq.protocol.header.GetConsumerListByGroupRequestHeader;
import io.actormq.protocol.header.GetMaxOffsetRequestHeader;
import io.actormq.protocol.header.GetRouteInfoRequestHeader;
import io.actormq.protocol.header.SendMessageRequestHeader;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes in one JVM form a cluster through a seed node and serve one namespace: each node is a
 * broker of its own with its own queues of a topic, routes and consumer lists look the same from
 * both, and the official clients use both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeClusterTest {

  private static BrokerFixture first;
  private static BrokerFixture second;

  @BeforeAll
  static void startCluster() throws IOException {
    int firstArtery = freePort();
    int secondArtery = freePort();
    String seeds = "127.0.0.1:" + firstArtery;
    first = BrokerFixture.start(clusterSettings("cluster-a", firstArtery, seeds));
    second = BrokerFixture.start(clusterSettings("cluster-b", secondArtery, seeds));
    for (BrokerFixture node : List.of(first, second)) {
      awaitTrue(
          () ->
              clusterInfo(node).brokerAddrTable().keySet().equals(Set.of("cluster-a", "cluster-b")),
          "both brokers listed by " + node.namesrvAddr());
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    E2e.awaitShutdowns();
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void clusterInfoListsEveryNodeWithItsState() {
    ClusterInfo info = clusterInfo(second);
    assertThat(info.clusterAddrTable().get("DefaultCluster"))
        .containsExactlyInAnyOrder("cluster-a", "cluster-b");
    assertThat(info.brokerAddrTable().get("cluster-a").masterAddr()).isEqualTo(first.namesrvAddr());
    assertThat(info.brokerAddrTable().get("cluster-b").masterAddr())
        .isEqualTo(second.namesrvAddr());
    assertThat(info.nodes())
        .extracting(ClusterInfo.NodeState::brokerName, ClusterInfo.NodeState::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("cluster-a", "Up"),
            org.assertj.core.groups.Tuple.tuple("cluster-b", "Up"));
  }

  @Test
  void theClusterInfoCommandPrintsEveryNode() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ClusterInfoCommand.print(
        ClusterInfoCommand.fetch(first.namesrvAddr()),
        new PrintStream(printed, true, StandardCharsets.UTF_8));
    String table = printed.toString(StandardCharsets.UTF_8);
    assertThat(table.lines().filter(l -> l.startsWith("cluster-")).toList())
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains(" Up ").contains(" yes "));
    assertThat(table)
        .contains("cluster-a@" + first.namesrvAddr())
        .contains("cluster-b@" + second.namesrvAddr());
  }

  @Test
  void aNewTopicGetsQueuesOnEveryBrokerAndTheRouteIsTheSameFromBoth() {
    TopicRouteData created = route(first, "ClusterRouteT");
    assertThat(created.queueDatas())
        .extracting(QueueData::brokerName)
        .containsExactlyInAnyOrder("cluster-a", "cluster-b");
    assertThat(created.queueDatas()).allSatisfy(q -> assertThat(q.writeQueueNums()).isEqualTo(4));
    awaitTrue(
        () -> route(second, "ClusterRouteT").equals(created), "the same route from the other node");
  }

  @Test
  void producersUseBothBrokersAndOneConsumerGroupGetsEverythingOnce() throws Exception {
    String topic = "ClusterFlowT";
    // Routes are eventually consistent: a node learns of the other broker's new queues through
    // distributed data, a fraction of a second after the topic was created there.
    route(first, topic);
    for (BrokerFixture node : List.of(first, second)) {
      awaitTrue(
          () -> route(node, topic).queueDatas().size() == 2,
          "both brokers in the route from " + node.namesrvAddr());
    }
    DefaultMQProducer producer = new DefaultMQProducer("cluster-producer");
    producer.setNamesrvAddr(first.namesrvAddr() + ";" + second.namesrvAddr());
    producer.setInstanceName("cluster-producer-" + ProcessHandle.current().pid());
    producer.setSendMsgTimeout(10_000);
    // Round robin over both brokers' queues: the latency-based avoidance would shun a broker whose
    // first send was slow (its queue opening on a loaded machine) and send everything elsewhere.
    producer.setSendLatencyFaultEnable(false);
    producer.start();
    Map<String, Integer> perBroker = new HashMap<>();
    Set<String> sent = new TreeSet<>();
    int messages = 60;
    try {
      for (int i = 0; i < messages; i++) {
        SendResult result = producer.send(E2e.message(topic, "T", "m" + i));
        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        perBroker.merge(result.getMessageQueue().getBrokerName(), 1, Integer::sum);
        sent.add("m" + i);
      }
    } finally {
      E2e.shutdownInBackground(producer);
    }
    assertThat(perBroker).containsOnlyKeys("cluster-a", "cluster-b");

    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    CountDownLatch all = new CountDownLatch(messages);
    DefaultMQPushConsumer consumer = E2e.pushConsumer(second, "cluster-consumers");
    consumer.subscribe(topic, "*");
    consumer.setConsumeFromWhere(
        org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.registerMessageListener(
        (MessageListenerConcurrently)
            (msgs, context) -> {
              for (MessageExt m : msgs) {
                if (deliveries
                        .computeIfAbsent(E2e.body(m), b -> new AtomicInteger())
                        .incrementAndGet()
                    == 1) {
                  all.countDown();
                }
              }
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    consumer.start();
    try {
      assertThat(all.await(E2e.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } finally {
      E2e.shutdownInBackground(consumer);
    }
    assertThat(deliveries.keySet()).isEqualTo(sent);
    assertThat(deliveries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void aConsumerConnectedToOneNodeIsListedByTheOther() {
    String group = "cluster-list-group";
    HeartbeatData heartbeat =
        new HeartbeatData(
            "only-on-a@1",
            List.of(),
            List.of(
                new ConsumerData(
                    group,
                    ConsumerData.CONSUME_PASSIVELY,
                    ConsumerData.CLUSTERING,
                    ConsumerData.CONSUME_FROM_LAST_OFFSET,
                    false,
                    List.of())));
    try (TestClient onA = TestClient.connect(address(first))) {
      onA.send(
          RemotingCommand.request(
              RequestCode.HEART_BEAT,
              1,
              (Map<String, String>) null,
              ByteBuffer.wrap(heartbeat.toJson())));
      // Joining the group also sends the member NOTIFY_CONSUMER_IDS_CHANGED, maybe first.
      RemotingCommand ack = onA.receive();
      while (!ack.isResponse()) {
        ack = onA.receive();
      }
      assertThat(ack.code()).as(ack.remark()).isEqualTo(ResponseCode.SUCCESS);
      awaitTrue(
          () -> consumerList(second, group).equals(List.of("only-on-a@1")),
          "the consumer connected to the first node listed by the second");
    }
  }

  @Test
  void aQueueRequestNamingTheOtherBrokerIsServedByItsNode() {
    String topic = "ClusterForwardT";
    route(first, topic);
    awaitTrue(() -> route(second, topic).queueDatas().size() == 2, "the topic known to both");
    long before = maxOffset(second, topic, null);
    long onFirstBefore = maxOffset(first, topic, null);
    SendMessageRequestHeader header =
        new SendMessageRequestHeader(
            "forwarding-producer",
            topic,
            "TBW102",
            4,
            0,
            0,
            System.currentTimeMillis(),
            0,
            null,
            null,
            null,
            null,
            null,
            "cluster-b");
    try (TestClient toFirst = TestClient.connect(address(first))) {
      RemotingCommand reply =
          toFirst.call(
              RemotingCommand.request(
                  RequestCode.SEND_MESSAGE,
                  7,
                  header,
                  ByteBuffer.wrap("forwarded".getBytes(StandardCharsets.UTF_8))));
      assertThat(reply.code()).as(reply.remark()).isEqualTo(ResponseCode.SUCCESS);
      assertThat(reply.opaque()).isEqualTo(7);
      assertThat(reply.extFields().get("queueOffset")).isEqualTo(Long.toString(before));
    }
    assertThat(maxOffset(second, topic, null)).isEqualTo(before + 1);
    assertThat(maxOffset(first, topic, null)).isEqualTo(onFirstBefore);
    assertThat(maxOffset(first, topic, "cluster-b")).isEqualTo(before + 1);
  }

  private static long maxOffset(BrokerFixture node, String topic, String broker) {
    try (TestClient client = TestClient.connect(address(node))) {
      RemotingCommand request =
          RemotingCommand.request(
              RequestCode.GET_MAX_OFFSET, 1, new GetMaxOffsetRequestHeader(topic, 0, true), null);
      if (broker != null) {
        request = request.withExtField("bname", broker);
      }
      RemotingCommand reply = client.call(request);
      assertThat(reply.code()).as(reply.remark()).isEqualTo(ResponseCode.SUCCESS);
      return Long.parseLong(reply.extFields().get("offset"));
    }
  }

  /** Last: the second node leaves for good, and the first serves everything alone. */
  @Test
  @Order(Integer.MAX_VALUE)
  void aNodeThatLeavesGracefullyIsDroppedFromRoutesAndTheOthersKeepServing() throws Exception {
    String topic = "ClusterLeaveT";
    assertThat(route(first, topic).queueDatas()).hasSize(2);
    DefaultMQProducer producer = new DefaultMQProducer("cluster-leave-producer");
    producer.setNamesrvAddr(first.namesrvAddr());
    producer.setInstanceName("cluster-leave-" + ProcessHandle.current().pid());
    producer.setSendMsgTimeout(10_000);
    producer.setPollNameServerInterval(200);
    producer.start();
    try {
      second.node.stop().toCompletableFuture().get(E2e.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      awaitTrue(
          () -> clusterInfo(first).brokerAddrTable().keySet().equals(Set.of("cluster-a")),
          "the first node alone in the cluster info");
      assertThat(route(first, topic).queueDatas())
          .extracting(QueueData::brokerName)
          .containsExactly("cluster-a");
      // A producer still holding the old route retries a failed send on another broker.
      for (int i = 0; i < 20; i++) {
        SendResult result = producer.send(E2e.message(topic, "T", "after-leave-" + i));
        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.getMessageQueue().getBrokerName()).isEqualTo("cluster-a");
      }
    } finally {
      E2e.shutdownInBackground(producer);
    }
  }

  private static Map<String, Object> clusterSettings(String broker, int artery, String seeds) {
    return E2e.nodeSettings(
        Map.of(
            "actormq.broker.broker-name", broker,
            "actormq.cluster.seed-nodes", seeds,
            "actormq.topics.default-queues", 4,
            "pekko.remote.artery.canonical.port", artery));
  }

  private static TopicRouteData route(BrokerFixture node, String topic) {
    try (TestClient client = TestClient.connect(address(node))) {
      RemotingCommand reply =
          client.call(
              RemotingCommand.request(
                  RequestCode.GET_ROUTEINFO_BY_TOPIC,
                  1,
                  new GetRouteInfoRequestHeader(topic, true),
                  null));
      assertThat(reply.code()).as(reply.remark()).isEqualTo(ResponseCode.SUCCESS);
      return TopicRouteData.fromJson(bytes(reply));
    }
  }

  private static ClusterInfo clusterInfo(BrokerFixture node) {
    try (TestClient client = TestClient.connect(address(node))) {
      RemotingCommand reply =
          client.call(
              RemotingCommand.request(
                  RequestCode.GET_BROKER_CLUSTER_INFO, 1, (Map<String, String>) null, null));
      return ClusterInfo.fromJson(bytes(reply));
    }
  }

  private static List<String> consumerList(BrokerFixture node, String group) {
    try (TestClient client = TestClient.connect(address(node))) {
      RemotingCommand reply =
          client.call(
              RemotingCommand.request(
                  RequestCode.GET_CONSUMER_LIST_BY_GROUP,
                  1,
                  new GetConsumerListByGroupRequestHeader(group),
                  null));
      return reply.code() == ResponseCode.SUCCESS
          ? ConsumerIdList.fromJson(bytes(reply)).consumerIdList()
          : List.of();
    }
  }

  private static byte[] bytes(RemotingCommand reply) {
    ByteBuffer body = reply.body().duplicate();
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    return bytes;
  }

  private static InetSocketAddress address(BrokerFixture node) {
    return node.node.boundAddress();
  }

  private static void awaitTrue(Supplier<Boolean> condition, String what) {
    long deadline = System.nanoTime() + E2e.TIMEOUT.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
