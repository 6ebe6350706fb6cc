package io.actormq.loadgen;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

/**
 * Creates a topic with a given queue count on every master the name server knows, once it knows at
 * least the expected number (UPDATE_AND_CREATE_TOPIC, code 17, sent to each broker address from
 * GET_BROKER_CLUSTER_INFO), then waits until the name server routes it with that many queues. The
 * same requests work against ActorMQ, whose every node answers both, and against RocketMQ's name
 * server and broker.
 */
final class TopicAdmin {

  private static final long TIMEOUT_MILLIS = 10_000;
  private static final Duration ROUTE_DEADLINE = Duration.ofSeconds(60);

  private TopicAdmin() {}

  // The client reaches its admin requests only through its deprecated implementation accessor.
  @SuppressWarnings("deprecation")
  static void createTopic(DefaultMQProducer producer, String topic, int queues, int brokers)
      throws InterruptedException, MQClientException, RemotingException, MQBrokerException {
    MQClientAPIImpl api =
        producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
    Map<String, String> masters = awaitMasters(api, brokers);
    for (String address : masters.values()) {
      api.createTopic(
          address,
          TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC,
          new TopicConfig(topic, queues, queues),
          TIMEOUT_MILLIS);
    }
    awaitRoute(api, topic, queues * masters.size());
  }

  // A broker registers with its name server a moment after it starts listening; the nodes of an
  // ActorMQ cluster appear in the cluster info as they join.
  private static Map<String, String> awaitMasters(MQClientAPIImpl api, int expected)
      throws InterruptedException, RemotingException, MQBrokerException {
    long deadline = System.nanoTime() + ROUTE_DEADLINE.toNanos();
    while (true) {
      ClusterInfo cluster = api.getBrokerClusterInfo(TIMEOUT_MILLIS);
      Map<String, String> masters = new HashMap<>();
      Map<String, BrokerData> brokers =
          cluster.getBrokerAddrTable() == null ? Map.of() : cluster.getBrokerAddrTable();
      for (BrokerData broker : brokers.values()) {
        String address = broker.getBrokerAddrs().get(MixAll.MASTER_ID);
        if (address != null) {
          masters.put(broker.getBrokerName(), address);
        }
      }
      if (masters.size() >= expected) {
        return masters;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the name server knows "
                + masters.size()
                + " master brokers, not "
                + expected
                + ", within "
                + ROUTE_DEADLINE
                + ": "
                + masters);
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  // A CLI waiting for a remote state change: polling the name server is the only way to see it.
  private static void awaitRoute(MQClientAPIImpl api, String topic, int expectedQueues)
      throws InterruptedException {
    long deadline = System.nanoTime() + ROUTE_DEADLINE.toNanos();
    String last = "no route";
    while (System.nanoTime() < deadline) {
      try {
        TopicRouteData route = api.getTopicRouteInfoFromNameServer(topic, TIMEOUT_MILLIS);
        int writable = route.getQueueDatas().stream().mapToInt(QueueData::getWriteQueueNums).sum();
        if (writable == expectedQueues) {
          return;
        }
        last = writable + " writable queues";
      } catch (MQClientException | RemotingException e) {
        last = Meter.describe(e);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException(
        "topic " + topic + " not routed with " + expectedQueues + " queues in time: " + last);
  }
}
