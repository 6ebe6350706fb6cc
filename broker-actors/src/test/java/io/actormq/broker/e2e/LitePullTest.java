package io.actormq.broker.e2e;

import static io.actormq.broker.e2e.E2e.TIMEOUT;
import static io.actormq.broker.e2e.E2e.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@link DefaultLitePullConsumer} (LITE_PULL_MESSAGE, 361) with assigned queues and
 * seeks, and with a subscription that the client-side rebalance turns into assignments.
 */
class LitePullTest {

  private static BrokerFixture broker;
  private static DefaultMQProducer producer;

  @BeforeAll
  static void startNode() throws Exception {
    broker = BrokerFixture.start(E2e.nodeSettings());
    producer = E2e.producer(broker, "lite-test-producer");
    producer.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    E2e.shutdownInBackground(producer);
    E2e.awaitShutdowns();
    broker.close();
  }

  @Test
  void assignedQueuesAreReadFromTheStartAndSeekRewindsThem() throws Exception {
    String topic = "LiteAssign";
    Map<String, SendResult> sent = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      sent.put("assign-" + i, producer.send(message(topic, "TagA", "assign-" + i)));
    }
    DefaultLitePullConsumer lite = E2e.litePullConsumer(broker, "lite-assign-group");
    lite.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    lite.start();
    try {
      Collection<MessageQueue> queues = lite.fetchMessageQueues(topic);
      assertThat(queues).hasSize(8);
      lite.assign(queues);
      assertThat(bodies(pollUntil(lite, sent.size())))
          .containsExactlyInAnyOrderElementsOf(sent.keySet());

      // Everything is read and the pulls are parked: rewind each queue to its offset 3.
      for (MessageQueue mq : queues) {
        lite.seek(mq, 3);
      }
      List<String> fromThree =
          sent.entrySet().stream()
              .filter(e -> e.getValue().getQueueOffset() >= 3)
              .map(Map.Entry::getKey)
              .toList();
      assertThat(fromThree).isNotEmpty().hasSizeLessThan(sent.size());
      List<MessageExt> again = pollUntil(lite, fromThree.size());
      assertThat(bodies(again)).containsExactlyInAnyOrderElementsOf(fromThree);
      for (MessageExt m : again) {
        SendResult r = sent.get(E2e.body(m));
        assertThat(m.getQueueId()).isEqualTo(r.getMessageQueue().getQueueId());
        assertThat(m.getQueueOffset()).isEqualTo(r.getQueueOffset());
      }
    } finally {
      E2e.shutdownInBackground(lite);
    }
  }

  @Test
  void aSubscriptionIsServedOnceTheRebalanceAssignsTheQueues() throws Exception {
    String topic = "LiteSubscribe";
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      producer.send(message(topic, "TagA", "subscribe-" + i));
      sent.add("subscribe-" + i);
    }
    DefaultLitePullConsumer lite = E2e.litePullConsumer(broker, "lite-subscribe-group");
    lite.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    lite.subscribe(topic, "*");
    lite.start();
    try {
      // The first pull waits for the first rebalance tick (1 s here, 20 s by default).
      assertThat(bodies(pollUntil(lite, sent.size()))).containsExactlyInAnyOrderElementsOf(sent);
      Set<MessageQueue> assigned = lite.assignment();
      assertThat(assigned).hasSize(8);
      // New messages reach a running subscription too.
      producer.send(message(topic, "TagA", "subscribe-late"));
      assertThat(bodies(pollUntil(lite, 1))).containsExactly("subscribe-late");
    } finally {
      E2e.shutdownInBackground(lite);
    }
  }

  /** Polls until {@code count} messages arrived (more are kept too); fails after the timeout. */
  private static List<MessageExt> pollUntil(DefaultLitePullConsumer lite, int count) {
    List<MessageExt> got = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (got.size() < count && System.nanoTime() < deadline) {
      got.addAll(lite.poll(500));
    }
    assertThat(got).as("messages polled within %s", TIMEOUT).hasSizeGreaterThanOrEqualTo(count);
    return got;
  }

  private static List<String> bodies(List<MessageExt> messages) {
    return messages.stream().map(E2e::body).toList();
  }
}
