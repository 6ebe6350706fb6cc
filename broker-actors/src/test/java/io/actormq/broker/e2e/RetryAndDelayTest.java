package io.actormq.broker.e2e;

import static io.actormq.broker.e2e.E2e.TIMEOUT;
import static io.actormq.broker.e2e.E2e.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumer retries, dead letters, delay levels and timed messages through the official client. The
 * node's delay levels are shortened (level n waits n × 100 ms) so that retries take moments.
 */
class RetryAndDelayTest {

  /** Level n waits n × 100 ms. */
  static final String LEVELS =
      "100ms 200ms 300ms 400ms 500ms 600ms 700ms 800ms 900ms 1s 1100ms 1200ms 1300ms 1400ms"
          + " 1500ms 1600ms 1700ms 1800ms";

  /**
   * How late a timed message may be stored at its destination here. The target, 100 ms under normal
   * load, is measured by the timer benchmark (TimerBench); this test shares two cores with the
   * whole build, so it only catches gross lateness (a delivery on the next tick or second instead
   * of at its due time).
   */
  private static final long LATENESS_BOUND_MS = 500;

  private static BrokerFixture broker;
  private static DefaultMQProducer producer;

  @BeforeAll
  static void startNode() throws Exception {
    broker = BrokerFixture.start(E2e.nodeSettings(Map.of("actormq.delivery.delay-levels", LEVELS)));
    producer = E2e.producer(broker, "retry-test-producer");
    producer.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    E2e.shutdownInBackground(producer);
    E2e.awaitShutdowns();
    broker.close();
  }

  private record Arrival(long at, MessageExt message) {}

  @Test
  void aListenerThatFailsThreeTimesSeesTheMessageFourTimesWithGrowingGaps() throws Exception {
    String topic = "RetryGrowing";
    List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> fourth = new CompletableFuture<>();
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, "retry-growing-group");
    consumer.subscribe(topic, "*");
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.registerMessageListener(
        (MessageListenerConcurrently)
            (msgs, ctx) -> {
              arrivals.add(new Arrival(System.currentTimeMillis(), msgs.get(0)));
              if (arrivals.size() < 4) {
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
              }
              fourth.complete(null);
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    try {
      consumer.start();
      Message sent = message(topic, "TagA", "fails-three-times");
      sent.putUserProperty("origin", "kept");
      SendResult result = producer.send(sent);
      fourth.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      assertThat(arrivals).hasSize(4);
      for (int i = 0; i < 4; i++) {
        MessageExt m = arrivals.get(i).message();
        assertThat(m.getReconsumeTimes()).isEqualTo(i);
        assertThat(m.getTopic()).isEqualTo(topic);
        assertThat(m.getMsgId()).isEqualTo(result.getMsgId());
        assertThat(m.getUserProperty("origin")).isEqualTo("kept");
        assertThat(E2e.body(m)).isEqualTo("fails-three-times");
      }
      // Retry k waits level 3 + k: 300, 400 and 500 ms here.
      for (int k = 0; k < 3; k++) {
        long gap = arrivals.get(k + 1).at() - arrivals.get(k).at();
        assertThat(gap).as("gap before retry %d", k + 1).isGreaterThanOrEqualTo(300 + 100L * k);
      }
      assertThat(arrivals.get(1).message().getProperty(MessageConst.PROPERTY_RETRY_TOPIC))
          .isEqualTo(topic);
    } finally {
      E2e.shutdown(consumer);
    }
  }

  @Test
  void aMessageThatAlwaysFailsEndsInTheDeadLetterQueueWithItsProperties() throws Exception {
    String topic = "RetryDead";
    String group = "retry-dead-group";
    List<MessageExt> attempts = new CopyOnWriteArrayList<>();
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, group);
    consumer.subscribe(topic, "*");
    consumer.setMaxReconsumeTimes(2);
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.registerMessageListener(
        (MessageListenerConcurrently)
            (msgs, ctx) -> {
              attempts.addAll(msgs);
              return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            });
    CompletableFuture<MessageExt> dead = new CompletableFuture<>();
    DefaultMQPushConsumer dlqReader = E2e.pushConsumer(broker, "retry-dead-reader");
    dlqReader.subscribe("%DLQ%" + group, "*");
    dlqReader.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    dlqReader.registerMessageListener(
        (MessageListenerConcurrently)
            (msgs, ctx) -> {
              dead.complete(msgs.get(0));
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    try {
      consumer.start();
      Message sent = message(topic, "TagD", "always-fails");
      sent.setKeys("dead-key");
      sent.putUserProperty("origin", "kept");
      SendResult result = producer.send(sent);
      dlqReader.start();

      MessageExt m = dead.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(E2e.body(m)).isEqualTo("always-fails");
      assertThat(m.getTags()).isEqualTo("TagD");
      assertThat(m.getKeys()).isEqualTo("dead-key");
      assertThat(m.getUserProperty("origin")).isEqualTo("kept");
      assertThat(m.getProperty(MessageConst.PROPERTY_RETRY_TOPIC)).isEqualTo(topic);
      assertThat(m.getProperty(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID)).isNotBlank();
      assertThat(m.getMsgId()).isEqualTo(result.getMsgId());
      // The first delivery and two retries; then the dead-letter queue, not a third retry.
      assertThat(attempts).hasSize(3);
      assertThat(attempts).extracting(MessageExt::getReconsumeTimes).containsExactly(0, 1, 2);
    } finally {
      E2e.shutdown(consumer, dlqReader);
    }
  }

  @Test
  void delayLevelAndTimedMessagesArriveNoEarlierThanDueAndWithinTheBound() throws Exception {
    String topic = "Delayed";
    Map<String, Long> dueAt = new ConcurrentHashMap<>();
    Map<String, MessageExt> received = new ConcurrentHashMap<>();
    Map<String, Long> receivedAt = new ConcurrentHashMap<>();
    CompletableFuture<Void> all = new CompletableFuture<>();
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, "delayed-group");
    consumer.subscribe(topic, "*");
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.registerMessageListener(
        (MessageListenerConcurrently)
            (msgs, ctx) -> {
              for (MessageExt m : msgs) {
                receivedAt.put(E2e.body(m), System.currentTimeMillis());
                received.put(E2e.body(m), m);
              }
              if (received.size() == 4) {
                all.complete(null);
              }
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    try {
      consumer.start();
      long now = System.currentTimeMillis();
      Message level = message(topic, "L", "level-5");
      level.setDelayTimeLevel(5);
      dueAt.put("level-5", now + 500);
      Message deliverAt = message(topic, "T", "deliver-at");
      deliverAt.setDeliverTimeMs(now + 1_300);
      dueAt.put("deliver-at", now + 1_300);
      Message delaySec = message(topic, "T", "delay-sec");
      delaySec.setDelayTimeSec(1);
      dueAt.put("delay-sec", now + 1_000);
      Message delayMs = message(topic, "T", "delay-ms");
      delayMs.setDelayTimeMs(700);
      dueAt.put("delay-ms", now + 700);
      for (Message m : List.of(level, deliverAt, delaySec, delayMs)) {
        assertThat(producer.send(m).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
      }
      all.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      for (Map.Entry<String, MessageExt> e : received.entrySet()) {
        MessageExt m = e.getValue();
        long due = Long.parseLong(m.getProperty("TIMER_OUT_MS"));
        // Due is computed by the broker from its send time, a little after "now" above.
        assertThat(due).as(e.getKey()).isGreaterThanOrEqualTo(dueAt.get(e.getKey()));
        assertThat(receivedAt.get(e.getKey())).as(e.getKey()).isGreaterThanOrEqualTo(due);
        assertThat(m.getStoreTimestamp() - due)
            .as("lateness of %s", e.getKey())
            .isBetween(0L, LATENESS_BOUND_MS);
        assertThat(m.getTopic()).isEqualTo(topic);
        assertThat(m.getProperty(MessageConst.PROPERTY_DELAY_TIME_LEVEL)).isNull();
      }
    } finally {
      E2e.shutdown(consumer);
    }
  }

  @Test
  void aTimedMessageBeyondTheHorizonIsRefused() {
    Message far = message("FarFuture", "T", "too-late");
    far.setDeliverTimeMs(System.currentTimeMillis() + Duration.ofDays(4).toMillis());
    assertThatThrownBy(() -> producer.send(far))
        .isInstanceOfSatisfying(
            MQBrokerException.class,
            e -> {
              assertThat(e.getResponseCode()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
              assertThat(e.getErrorMessage()).contains("horizon");
            });
  }

  @Test
  void anOrderlyConsumerKeepsQueueOrderAndMovesOnAfterItsRetryBudget() throws Exception {
    String topic = "OrderlyRetry";
    String group = "orderly-retry-group";
    List<String> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> last = new CompletableFuture<>();
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, group);
    consumer.subscribe(topic, "*");
    consumer.setMaxReconsumeTimes(2);
    consumer.setSuspendCurrentQueueTimeMillis(50);
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.registerMessageListener(
        (MessageListenerOrderly)
            (msgs, ctx) -> {
              for (MessageExt m : msgs) {
                seen.add(E2e.body(m));
                if (E2e.body(m).equals("poison")) {
                  return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
                }
                if (E2e.body(m).equals("after")) {
                  last.complete(null);
                }
              }
              return ConsumeOrderlyStatus.SUCCESS;
            });
    CompletableFuture<MessageExt> dead = new CompletableFuture<>();
    DefaultMQPushConsumer dlqReader = E2e.pushConsumer(broker, "orderly-retry-reader");
    dlqReader.subscribe("%DLQ%" + group, "*");
    dlqReader.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    dlqReader.registerMessageListener(
        (MessageListenerConcurrently)
            (msgs, ctx) -> {
              dead.complete(msgs.get(0));
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    try {
      MessageQueue queue = new MessageQueue(topic, broker.node.config().brokerName(), 0);
      List<String> bodies = new ArrayList<>(List.of("before", "poison", "after"));
      producer.send(message(topic, "O", "warm-up"), queue);
      for (String body : bodies) {
        producer.send(message(topic, "O", body), queue);
      }
      consumer.setConsumeMessageBatchMaxSize(1);
      consumer.start();
      last.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      dlqReader.start();
      assertThat(E2e.body(dead.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))).isEqualTo("poison");

      List<String> forQueue = seen.stream().filter(b -> !b.equals("warm-up")).toList();
      // One delivery and two local retries of the poison message, in place, then the rest.
      assertThat(forQueue).containsExactly("before", "poison", "poison", "poison", "after");
    } finally {
      E2e.shutdown(consumer, dlqReader);
    }
  }
}
