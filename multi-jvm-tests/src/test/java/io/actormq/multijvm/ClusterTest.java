package io.actormq.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.multijvm.SequencedProducer.Ack;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three broker JVMs form one cluster, a multi-master RocketMQ deployment to the official client: a
 * topic gets queues on every node, the producer spreads its messages over all of them, and two push
 * consumers of one group share the queues and consume every message exactly once.
 */
class ClusterTest {

  private static final Logger log = LoggerFactory.getLogger(ClusterTest.class);

  private static final int QUEUES_PER_BROKER = 4;
  private static final int MESSAGES = 300;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @RegisterExtension final BrokerProcesses brokers = new BrokerProcesses();

  @Test
  void threeNodesServeOneTopicAndOneConsumerGroup() throws Exception {
    List<BrokerProcess> nodes =
        ClusterNodes.create(
            brokers,
            List.of("a", "b", "c"),
            Map.of(ClusterNodes.DEFAULT_QUEUES, Integer.toString(QUEUES_PER_BROKER)));
    brokers.startAll(nodes);
    ClusterNodes.awaitFormation(nodes);

    String topic = "ClusterSpread";
    ClusterNodes.awaitRoute(nodes, topic, nodes, QUEUES_PER_BROKER);
    String namesrv = ClusterNodes.namesrvAddr(nodes);

    String group = topic + "-consumers";
    ConsumedMessages consumed = new ConsumedMessages();
    DefaultMQPushConsumer first = startConsumer(namesrv, group, topic, consumed);
    DefaultMQPushConsumer second = startConsumer(namesrv, group, topic, consumed);
    try {
      Set<String> clientIds = Set.of(clientId(first), clientId(second));
      for (BrokerProcess node : nodes) {
        Poll.until(
            node.name() + " listing the consumers " + clientIds,
            ClusterNodes.TIMEOUT,
            () -> NodeQueries.consumerIds(node, group),
            ids -> ids.size() == clientIds.size() && clientIds.equals(new HashSet<>(ids)));
      }
      awaitQueuesShared(first, second, topic, nodes.size() * QUEUES_PER_BROKER);

      SequencedProducer producer = SequencedProducer.start(namesrv, topic + "-producer", topic);
      try {
        producer.awaitAcks(MESSAGES, TIMEOUT);
      } finally {
        producer.close();
      }
      // Taken after the close, so that a send acknowledged during it counts as well.
      List<Ack> acks = producer.acks();
      log.info("{} acknowledged, {} failed", acks.size(), producer.failureCount());
      Map<String, Long> acksPerBroker =
          acks.stream()
              .collect(
                  Collectors.groupingBy(
                      a -> a.queue().brokerName(), TreeMap::new, Collectors.counting()));
      log.info("acknowledged per broker: {}", acksPerBroker);
      assertThat(acksPerBroker)
          .as("acknowledged sends per broker")
          .containsOnlyKeys(nodes.stream().map(ClusterNodes::brokerName).toList());

      boolean all = consumed.awaitAll(acks.stream().map(Ack::seq).toList(), TIMEOUT);
      log.info("all acknowledged messages consumed: {}", all);
      assertThat(DurabilityCheck.problems(acks, consumed.deliveries()))
          .as("acknowledged messages consumed where they were stored")
          .isEmpty();
      assertThat(consumed.redeliveredMsgIds()).as("messages consumed more than once").isEmpty();
    } finally {
      first.shutdown();
      second.shutdown();
    }
  }

  private static DefaultMQPushConsumer startConsumer(
      String namesrv, String group, String topic, ConsumedMessages consumed) throws Exception {
    DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(namesrv, group);
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(topic, "*");
    consumer.registerMessageListener(consumed);
    consumer.start();
    return consumer;
  }

  @SuppressWarnings("deprecation") // the client exposes its ids only through its implementation
  private static String clientId(DefaultMQPushConsumer consumer) {
    return consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().getClientId();
  }

  /**
   * Waits until the two consumers' rebalances split the topic's queues between them: each holds
   * some, none holds a queue the other does, together they hold all. Sending starts only then, so
   * no queue changes hands while it has messages in flight.
   */
  private static void awaitQueuesShared(
      DefaultMQPushConsumer first, DefaultMQPushConsumer second, String topic, int queues)
      throws InterruptedException {
    Poll.until(
        "two consumers sharing the " + queues + " queues of " + topic,
        ClusterNodes.TIMEOUT,
        () -> List.of(heldQueues(first, topic), heldQueues(second, topic)),
        held -> {
          Set<MessageQueue> union = new HashSet<>(held.get(0));
          union.addAll(held.get(1));
          return !held.get(0).isEmpty()
              && !held.get(1).isEmpty()
              && union.size() == queues
              && held.get(0).size() + held.get(1).size() == queues;
        });
  }

  /** The queues of {@code topic} the consumer holds (it also holds its group's retry queues). */
  // The client shows its assignment only through its implementation.
  @SuppressWarnings("deprecation")
  private static Set<MessageQueue> heldQueues(DefaultMQPushConsumer consumer, String topic) {
    return consumer
        .getDefaultMQPushConsumerImpl()
        .getRebalanceImpl()
        .getProcessQueueTable()
        .keySet()
        .stream()
        .filter(q -> q.getTopic().equals(topic))
        .collect(Collectors.toSet());
  }
}
