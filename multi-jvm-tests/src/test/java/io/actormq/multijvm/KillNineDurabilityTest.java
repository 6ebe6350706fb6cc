package io.actormq.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.multijvm.SequencedProducer.Ack;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker JVM under {@code actormq.storage.flush = sync} is killed with SIGKILL while the official
 * producer sends, and restarted on the same data and port: every message it acknowledged is
 * consumed afterwards, from the queue and offset it was acknowledged at, in send order per queue.
 */
class KillNineDurabilityTest {

  private static final Logger log = LoggerFactory.getLogger(KillNineDurabilityTest.class);

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension final BrokerProcesses brokers = new BrokerProcesses();

  /** Node settings for these tests: fsync before every acknowledgement, quick client expiry. */
  static Map<String, String> syncFlushNode(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("actormq.storage.flush", "sync");
    settings.put("actormq.clients.expiry", "10s");
    settings.put("actormq.clients.expiry-check-interval", "1s");
    settings.put("actormq.storage.offsets-flush-interval", "200ms");
    settings.putAll(extra);
    return settings;
  }

  @Test
  void everyAcknowledgedMessageSurvivesKillNine() throws Exception {
    String topic = "KillNine";
    BrokerProcess node = brokers.start("node", syncFlushNode(Map.of()));

    List<Ack> acks;
    try (SequencedProducer producer =
        SequencedProducer.start(node.namesrvAddr(), "kill9-producer", topic)) {
      producer.awaitAcks(300, TIMEOUT);
      node.kill();
      int ackedBeforeKill = producer.ackCount();
      // The producer saw the node gone, and keeps trying.
      producer.awaitFailures(producer.failureCount() + 1, TIMEOUT);

      Instant relaunched = Instant.now();
      Duration startup = node.restart();
      producer.awaitAcks(ackedBeforeKill + 1, TIMEOUT);
      log.info(
          "node answered {} ms after its relaunch; the producer's first acknowledgement after {} ms",
          startup.toMillis(),
          Duration.between(relaunched, Instant.now()).toMillis());
      producer.awaitAcks(ackedBeforeKill + 300, TIMEOUT);
      acks = producer.acks();
      log.info(
          "{} acknowledged ({} before the kill), {} failed",
          acks.size(),
          ackedBeforeKill,
          producer.failureCount());
    }

    ConsumedMessages consumed = new ConsumedMessages();
    DefaultMQPushConsumer consumer =
        OfficialClients.pushConsumer(node.namesrvAddr(), "kill9-verifier");
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(topic, "*");
    consumer.registerMessageListener(consumed);
    consumer.start();
    try {
      consumed.awaitAll(acks.stream().map(Ack::seq).toList(), TIMEOUT);
    } finally {
      consumer.shutdown();
    }

    assertThat(DurabilityCheck.problems(acks, consumed.deliveries()))
        .as("acknowledged messages after kill -9 (node log: %s)", node.logFile())
        .isEmpty();
  }
}
