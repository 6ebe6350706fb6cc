package io.actormq.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.multijvm.SequencedProducer.Ack;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker JVM under {@code actormq.storage.flush = sync} goes down (SIGKILL, or SIGTERM) while the
 * official producer sends, and starts again on the same data and port: every message it
 * acknowledged is consumed afterwards, from the queue and offset it was acknowledged at, in send
 * order per queue.
 */
class KillNineDurabilityTest {

  private static final Logger log = LoggerFactory.getLogger(KillNineDurabilityTest.class);

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** How a node goes down. */
  enum Outage {
    KILL,
    STOP
  }

  @RegisterExtension final BrokerProcesses brokers = new BrokerProcesses();

  @Test
  void everyAcknowledgedMessageSurvivesKillNine() throws Exception {
    BrokerProcess node = brokers.start("node", syncFlushNode(Map.of()));
    List<Ack> acks = produceAcrossOutages(node, "KillNine", 300, List.of(Outage.KILL));
    consumeAndCheck(node, "KillNine", acks);
  }

  @Test
  @Tag("slow")
  void everyAcknowledgedMessageSurvivesRepeatedKillsAndStops() throws Exception {
    BrokerProcess node =
        brokers.start("node", syncFlushNode(Map.of("actormq.topics.default-queues", "16")));
    List<Ack> acks =
        produceAcrossOutages(
            node,
            "KillNineRepeated",
            500,
            List.of(Outage.KILL, Outage.KILL, Outage.STOP, Outage.KILL));
    consumeAndCheck(node, "KillNineRepeated", acks);
  }

  /** Node settings for these tests: fsync before every acknowledgement, quick client expiry. */
  private static Map<String, String> syncFlushNode(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("actormq.storage.flush", "sync");
    settings.put("actormq.clients.expiry", "10s");
    settings.put("actormq.clients.expiry-check-interval", "1s");
    settings.put("actormq.storage.offsets-flush-interval", "200ms");
    settings.putAll(extra);
    return settings;
  }

  /**
   * Sends from a background thread throughout: {@code acksPerPhase} acknowledgements, then each
   * outage in turn (the node goes down, the producer sees sends fail, the node restarts) followed
   * by {@code acksPerPhase} more.
   *
   * @return the acknowledged sends
   */
  private static List<Ack> produceAcrossOutages(
      BrokerProcess node, String topic, int acksPerPhase, List<Outage> outages) throws Exception {
    try (SequencedProducer producer =
        SequencedProducer.start(node.namesrvAddr(), topic + "-producer", topic)) {
      producer.awaitAcks(acksPerPhase, TIMEOUT);
      for (Outage outage : outages) {
        if (outage == Outage.KILL) {
          node.kill();
        } else {
          assertThat(node.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
        int ackedBefore = producer.ackCount();
        // The producer saw the node gone, and keeps trying.
        producer.awaitFailures(producer.failureCount() + 1, TIMEOUT);

        Instant relaunched = Instant.now();
        Duration startup = node.restart();
        producer.awaitAcks(ackedBefore + 1, TIMEOUT);
        log.info(
            "after {}: node answered {} ms after its relaunch, the first acknowledgement came"
                + " after {} ms",
            outage,
            startup.toMillis(),
            Duration.between(relaunched, Instant.now()).toMillis());
        producer.awaitAcks(ackedBefore + acksPerPhase, TIMEOUT);
      }
      List<Ack> acks = producer.acks();
      log.info("{} acknowledged, {} failed", acks.size(), producer.failureCount());
      return acks;
    }
  }

  /** A push consumer in a fresh group reads the topic from its first offset. */
  private static void consumeAndCheck(BrokerProcess node, String topic, List<Ack> acks)
      throws Exception {
    ConsumedMessages consumed =
        FreshConsumer.consumeAll(
            node.namesrvAddr(),
            topic + "-verifier",
            topic,
            acks.stream().map(Ack::seq).toList(),
            TIMEOUT);
    assertThat(DurabilityCheck.problems(acks, consumed.deliveries()))
        .as("acknowledged messages after the outages (node log: %s)", node.logFile())
        .isEmpty();
  }
}
