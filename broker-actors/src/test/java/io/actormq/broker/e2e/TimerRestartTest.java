package io.actormq.broker.e2e;

import static io.actormq.broker.e2e.E2e.TIMEOUT;
import static io.actormq.broker.e2e.E2e.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node restarts while delayed, timed and retrying messages wait: none is lost, none arrives
 * early, each arrives once it is due.
 */
class TimerRestartTest {

  /** Level n waits n seconds: long enough to restart the node while messages wait. */
  private static final String LEVELS =
      "1s 2s 3s 4s 5s 6s 7s 8s 9s 10s 11s 12s 13s 14s 15s 16s 17s 18s";

  private BrokerFixture broker;
  private DefaultMQProducer producer;

  @BeforeEach
  void startNode() throws Exception {
    broker =
        BrokerFixture.start(
            E2e.nodeSettings(
                Map.of("actormq.delivery.delay-levels", LEVELS, "actormq.storage.flush", "sync")));
    producer = E2e.producer(broker, "timer-restart-producer");
    producer.start();
  }

  @AfterEach
  void stopNode() throws Exception {
    E2e.shutdownInBackground(producer);
    E2e.awaitShutdowns();
    broker.close();
  }

  @Test
  void aRestartLosesNoWaitingMessageAndDeliversNoneEarly() throws Exception {
    String topic = "TimerRestart";
    Map<String, Long> received = new ConcurrentHashMap<>();
    Map<String, MessageExt> messages = new ConcurrentHashMap<>();
    AtomicBoolean failedOnce = new AtomicBoolean();
    CompletableFuture<Void> all = new CompletableFuture<>();
    WireTap tap = new WireTap();
    CompletableFuture<WireTap.Exchange> sentBack =
        tap.next(e -> e.request().getCode() == RequestCode.CONSUMER_SEND_MSG_BACK);
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, "timer-restart-group", tap);
    consumer.subscribe(topic, "*");
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.registerMessageListener(
        (MessageListenerConcurrently)
            (msgs, ctx) -> {
              MessageExt m = msgs.get(0);
              if (E2e.body(m).equals("retrying") && failedOnce.compareAndSet(false, true)) {
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
              }
              received.put(E2e.body(m), System.currentTimeMillis());
              messages.put(E2e.body(m), m);
              if (received.size() == 4) {
                all.complete(null);
              }
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    try {
      consumer.start();
      producer.send(message(topic, "R", "retrying"));
      // Retry 1 waits level 3: three seconds, across the restart below.
      sentBack.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).response().get(30, TimeUnit.SECONDS);
      long now = System.currentTimeMillis();
      Message level = message(topic, "L", "level-2");
      level.setDelayTimeLevel(2);
      Message timed = message(topic, "T", "timed");
      timed.setDeliverTimeMs(now + 2_500);
      Message delayed = message(topic, "T", "delay-ms");
      delayed.setDelayTimeMs(1_500);
      for (Message m : List.of(level, timed, delayed)) {
        producer.send(m);
      }

      broker.restart();
      all.get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      assertThat(received.keySet())
          .containsExactlyInAnyOrder("retrying", "level-2", "timed", "delay-ms");
      for (String body : List.of("level-2", "timed", "delay-ms")) {
        long due = Long.parseLong(messages.get(body).getProperty("TIMER_OUT_MS"));
        assertThat(messages.get(body).getStoreTimestamp()).as(body).isGreaterThanOrEqualTo(due);
        assertThat(received.get(body)).as(body).isGreaterThanOrEqualTo(due);
      }
      assertThat(messages.get("retrying").getReconsumeTimes()).isEqualTo(1);
    } finally {
      E2e.shutdown(consumer);
    }
  }
}
