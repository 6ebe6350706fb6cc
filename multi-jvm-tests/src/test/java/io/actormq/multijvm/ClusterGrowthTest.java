package io.actormq.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.multijvm.SequencedProducer.Ack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fourth node joins a running three-node cluster: every node then lists it, and a topic made
 * afterwards has queues on it that store and serve messages.
 */
@Tag("slow")
class ClusterGrowthTest {

  private static final Logger log = LoggerFactory.getLogger(ClusterGrowthTest.class);

  private static final int QUEUES_PER_BROKER = 4;
  private static final int ACKS_PER_BROKER = 25;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension final BrokerProcesses brokers = new BrokerProcesses();

  @Test
  void aNewTopicUsesTheNodeThatJoined() throws Exception {
    Map<String, String> settings =
        Map.of(ClusterNodes.DEFAULT_QUEUES, Integer.toString(QUEUES_PER_BROKER));
    List<BrokerProcess> first = ClusterNodes.create(brokers, List.of("a", "b", "c"), settings);
    brokers.startAll(first);
    ClusterNodes.awaitFormation(first);

    BrokerProcess fourth = ClusterNodes.createJoining(brokers, "d", first, settings);
    Duration answering = fourth.start();
    List<BrokerProcess> all = new ArrayList<>(first);
    all.add(fourth);
    Duration joined = ClusterNodes.awaitFormation(all);
    log.info(
        "RESULT fourth-node-answering-ms={} then-member-everywhere-ms={}",
        answering.toMillis(),
        joined.toMillis());

    String topic = "ClusterGrown";
    ClusterNodes.awaitRoute(all, topic, all, QUEUES_PER_BROKER);
    String namesrv = ClusterNodes.namesrvAddr(all);
    SequencedProducer producer = SequencedProducer.start(namesrv, topic + "-producer", topic);
    try {
      for (BrokerProcess node : all) {
        producer.awaitAcksFrom(ClusterNodes.brokerName(node), 0, ACKS_PER_BROKER, TIMEOUT);
      }
    } finally {
      producer.close();
    }
    List<Ack> acks = producer.acks();
    Map<String, Long> perBroker =
        acks.stream()
            .collect(
                Collectors.groupingBy(
                    a -> a.queue().brokerName(), TreeMap::new, Collectors.counting()));
    log.info("{} acknowledged {}, {} failed", acks.size(), perBroker, producer.failureCount());
    assertThat(perBroker)
        .as("acknowledged sends per broker")
        .containsOnlyKeys(all.stream().map(ClusterNodes::brokerName).toList());

    ConsumedMessages consumed =
        FreshConsumer.consumeAll(
            namesrv, topic + "-verifier", topic, acks.stream().map(Ack::seq).toList(), TIMEOUT);
    assertThat(DurabilityCheck.problems(acks, consumed.deliveries()))
        .as("acknowledged messages, consumed from every broker")
        .isEmpty();
  }
}
