package io.actormq.client.it;

import static io.actormq.client.it.E2e.WAIT;
import static io.actormq.client.it.E2e.consumer;
import static io.actormq.client.it.E2e.messages;
import static io.actormq.client.it.E2e.sendAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.client.ActorMqClient;
import io.actormq.client.ProducerSettings;
import io.actormq.client.ReactiveConsumer;
import io.actormq.client.ReactiveProducer;
import io.actormq.client.ReceivedMessage;
import io.actormq.client.SendResult;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The connection layer reconnects when the node comes back. */
class NodeRestartE2eTest {

  @Test
  void producerAndConsumerCarryOnAfterTheNodeRestarts() throws Exception {
    try (NodeFixture node = new NodeFixture();
        ActorMqClient client = E2e.client(node.address())) {
      ReactiveProducer producer = client.producer(ProducerSettings.of("restart-p").withRetries(4));
      ReactiveConsumer consumer = client.consumer(consumer("restart-g", "restart"));
      Probe probe = new Probe(true);
      consumer.subscribe(probe);
      probe.request(Long.MAX_VALUE);
      assertThat(sendAll(producer, messages("restart", 10))).allMatch(SendResult::isSuccess);
      probe.take(10, WAIT);

      node.restart();

      var after =
          sendAll(
              producer,
              messages("restart", 20).subList(10, 20).stream()
                  .map(m -> m.withTags("after"))
                  .toList());
      assertThat(after).allMatch(SendResult::isSuccess);
      Set<String> got =
          probe.take(10, WAIT).stream()
              .filter(m -> "after".equals(m.tags()))
              .map(ReceivedMessage::bodyText)
              .collect(Collectors.toSet());
      assertThat(got).hasSize(10);
    }
  }
}
