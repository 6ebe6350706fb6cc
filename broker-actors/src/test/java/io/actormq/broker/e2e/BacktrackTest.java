package io.actormq.broker.e2e;

import static io.actormq.broker.e2e.E2e.TIMEOUT;
import static io.actormq.broker.e2e.E2e.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backtracking by time with the admin request {@code mqadmin resetOffsetByTime} sends: a running
 * consumer is repositioned without a restart and receives again what was stored from that moment.
 */
class BacktrackTest {

  private static BrokerFixture broker;
  private static DefaultMQProducer producer;

  @BeforeAll
  static void startNode() throws Exception {
    broker = BrokerFixture.start(E2e.nodeSettings());
    producer = E2e.producer(broker, "backtrack-producer");
    producer.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    E2e.shutdownInBackground(producer);
    E2e.awaitShutdowns();
    broker.close();
  }

  @Test
  void aResetByTimeRedeliversFromThatMomentToARunningConsumer() throws Exception {
    String topic = "Backtrack";
    String group = "backtrack-group";
    Tally tally = new Tally();
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, group);
    consumer.subscribe(topic, "*");
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.registerMessageListener(
        (MessageListenerConcurrently)
            (msgs, ctx) -> {
              msgs.forEach(m -> tally.add("c", m));
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    try {
      consumer.start();
      List<String> old = send(topic, "old-", 12);
      // Every later message is stored at a later millisecond than this, every earlier one before.
      long resetTo = System.currentTimeMillis() + 1;
      while (System.currentTimeMillis() <= resetTo) {
        Thread.onSpinWait();
      }
      List<String> recent = send(topic, "recent-", 12);
      List<String> all = new ArrayList<>(old);
      all.addAll(recent);
      tally.awaitBodies(all, TIMEOUT);
      int before = tally.count();

      MQClientAPIImpl admin =
          producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
      Map<MessageQueue, Long> table =
          admin.invokeBrokerToResetOffset(
              broker.namesrvAddr(), topic, group, resetTo, true, 10_000, false);
      assertThat(table).hasSize(8);
      assertThat(table.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(old.size());

      // The official client applies the reset after a pause of its own (10 s).
      tally.awaitCount(before + recent.size(), TIMEOUT);
      List<String> bodies = tally.bodies();
      List<String> again = bodies.subList(before, bodies.size());
      assertThat(again).containsExactlyInAnyOrderElementsOf(recent);
    } finally {
      E2e.shutdown(consumer);
    }
  }

  private static List<String> send(String topic, String prefix, int n) throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      producer.send(message(topic, "B", prefix + i));
      bodies.add(prefix + i);
    }
    return bodies;
  }
}
