package io.actormq.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.multijvm.SequencedProducer.Ack;
import java.time.Duration;
import java.time.Instant;
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
 * One node of a three-node cluster under {@code actormq.storage.flush = sync} is killed with
 * SIGKILL while the official producer sends to all three: the other two keep acknowledging, the
 * killed node comes back on its data and ports and serves its queues again, and every acknowledged
 * message is consumed afterwards, from where it was acknowledged, in send order per queue.
 */
@Tag("slow")
class ClusterKillNineTest {

  private static final Logger log = LoggerFactory.getLogger(ClusterKillNineTest.class);

  private static final int QUEUES_PER_BROKER = 4;
  private static final int ACKS_PER_BROKER_PER_PHASE = 50;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension final BrokerProcesses brokers = new BrokerProcesses();

  @Test
  void everyAcknowledgedMessageSurvivesTheKillOfOneNode() throws Exception {
    List<BrokerProcess> nodes =
        ClusterNodes.create(
            brokers,
            List.of("a", "b", "c"),
            Map.of(
                "actormq.storage.flush",
                "sync",
                "actormq.storage.offsets-flush-interval",
                "200ms",
                ClusterNodes.DEFAULT_QUEUES,
                Integer.toString(QUEUES_PER_BROKER)));
    brokers.startAll(nodes);
    ClusterNodes.awaitFormation(nodes);
    String topic = "ClusterKillNine";
    ClusterNodes.awaitRoute(nodes, topic, nodes, QUEUES_PER_BROKER);
    String namesrv = ClusterNodes.namesrvAddr(nodes);

    BrokerProcess victim = nodes.get(2);
    List<BrokerProcess> survivors = nodes.subList(0, 2);
    String victimBroker = ClusterNodes.brokerName(victim);

    SequencedProducer producer = SequencedProducer.start(namesrv, topic + "-producer", topic);
    try {
      for (BrokerProcess node : nodes) {
        producer.awaitAcksFrom(
            ClusterNodes.brokerName(node), 0, ACKS_PER_BROKER_PER_PHASE, TIMEOUT);
      }

      int ackedAtKill = producer.ackCount();
      victim.kill();
      Instant killed = Instant.now();
      for (BrokerProcess node : survivors) {
        producer.awaitAcksFrom(
            ClusterNodes.brokerName(node), ackedAtKill, ACKS_PER_BROKER_PER_PHASE, TIMEOUT);
      }
      long survivorsAckedMs = Duration.between(killed, Instant.now()).toMillis();
      ClusterNodes.awaitRoute(survivors, topic, survivors, QUEUES_PER_BROKER);
      long leftRouteMs = Duration.between(killed, Instant.now()).toMillis();

      int ackedAtRestart = producer.ackCount();
      Map<String, Long> whileDown = perBroker(producer.acks().subList(ackedAtKill, ackedAtRestart));
      log.info(
          "while {} was down ({} ms): acknowledged per broker {}, {} sends failed in all;"
              + " the survivors had acknowledged {} each after {} ms; the route left it out after"
              + " {} ms",
          victim.name(),
          Duration.between(killed, Instant.now()).toMillis(),
          whileDown,
          producer.failureCount(),
          ACKS_PER_BROKER_PER_PHASE,
          survivorsAckedMs,
          leftRouteMs);
      assertThat(whileDown)
          .as("acknowledgements while %s was down", victim.name())
          .containsOnlyKeys(survivors.stream().map(ClusterNodes::brokerName).toList());

      Instant relaunched = Instant.now();
      Duration answering = victim.restart();
      ClusterNodes.awaitFormation(nodes);
      long rejoinedMs = Duration.between(relaunched, Instant.now()).toMillis();
      ClusterNodes.awaitRoute(nodes, topic, nodes, QUEUES_PER_BROKER);
      long routedMs = Duration.between(relaunched, Instant.now()).toMillis();
      producer.awaitAcksFrom(victimBroker, ackedAtRestart, 1, TIMEOUT);
      long servingMs = Duration.between(relaunched, Instant.now()).toMillis();
      // Most of restart-to-answering is the JVM starting; answering-to-serving is the cluster's.
      log.info(
          "RESULT restart-to-serving-ms={} restart-to-answering-ms={} restart-to-member-ms={}"
              + " restart-to-route-ms={} answering-to-serving-ms={}",
          servingMs,
          answering.toMillis(),
          rejoinedMs,
          routedMs,
          servingMs - answering.toMillis());

      producer.awaitAcksFrom(victimBroker, ackedAtRestart, ACKS_PER_BROKER_PER_PHASE, TIMEOUT);
    } finally {
      producer.close();
    }
    List<Ack> acks = producer.acks();
    log.info(
        "{} acknowledged ({}), {} failed", acks.size(), perBroker(acks), producer.failureCount());

    ConsumedMessages consumed =
        FreshConsumer.consumeAll(
            namesrv, topic + "-verifier", topic, acks.stream().map(Ack::seq).toList(), TIMEOUT);
    assertThat(DurabilityCheck.problems(acks, consumed.deliveries()))
        .as("acknowledged messages after the kill (log of %s: %s)", victim.name(), victim.logFile())
        .isEmpty();
  }

  private static Map<String, Long> perBroker(List<Ack> acks) {
    return acks.stream()
        .collect(
            Collectors.groupingBy(
                a -> a.queue().brokerName(), TreeMap::new, Collectors.counting()));
  }
}
