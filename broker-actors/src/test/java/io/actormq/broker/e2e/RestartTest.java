package io.actormq.broker.e2e;

import static io.actormq.broker.e2e.E2e.TIMEOUT;
import static io.actormq.broker.e2e.E2e.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.header.QueryConsumerOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.UnregisterClientRequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node under {@code actormq.storage.flush = sync} stops and starts again on the same data while a
 * producer and a consumer keep running: nothing acknowledged is lost, committed consumer offsets
 * survive, and messages are delivered again only from where a group had not committed yet.
 */
class RestartTest {

  private static final String TOPIC = "Restart";

  private BrokerFixture broker;
  private DefaultMQProducer producer;
  private final List<Object> clients = new ArrayList<>();

  @BeforeEach
  void startNode() throws Exception {
    broker = BrokerFixture.start(E2e.nodeSettings(Map.of("actormq.storage.flush", "sync")));
    producer = E2e.producer(broker, "restart-producer");
    producer.start();
  }

  @AfterEach
  void stopNode() throws Exception {
    E2e.shutdownInBackground(clients.toArray());
    E2e.shutdownInBackground(producer);
    E2e.awaitShutdowns();
    broker.close();
  }

  @Test
  void aRestartLosesNothingAndKeepsCommittedOffsets() throws Exception {
    Map<String, SendResult> sent = new HashMap<>();
    Tally running = new Tally(); // group "restart-running": one consumer, up throughout
    Tally stopped = new Tally(); // group "restart-stopped": a consumer before, another after
    DefaultMQPushConsumer survivor = consumer("restart-running", running, "survivor", null);
    WireTap beforeTap = new WireTap();
    DefaultMQPushConsumer before = consumer("restart-stopped", stopped, "before", beforeTap);
    survivor.start();
    before.start();

    List<String> first = send("first-", 40, sent);
    running.awaitBodies(first, TIMEOUT);
    stopped.awaitBodies(first, TIMEOUT);
    // A clean shutdown commits what was consumed: oneway commits, then a two-way unregister on
    // the same connection, so the broker has applied the commits once it answers the unregister
    // (the rest of the client's shutdown may idle for seconds, and need not be waited for).
    CompletableFuture<WireTap.Exchange> unregistered =
        beforeTap.next(
            e ->
                e.request().getCode() == RequestCode.UNREGISTER_CLIENT
                    && e.request().readCustomHeader() instanceof UnregisterClientRequestHeader h
                    && "restart-stopped".equals(h.getConsumerGroup()));
    clients.remove(before);
    E2e.shutdownInBackground(before);
    unregistered
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .response()
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<MessageQueue, Long> stoppedCommitted = committed("restart-stopped");
    assertThat(stoppedCommitted).as("all of the first batch is committed").isEqualTo(maxOffsets());

    // Sent while one group is down: the remaining messages it must get after the restart.
    List<String> remaining = send("remaining-", 20, sent);
    running.awaitBodies(remaining, TIMEOUT);
    Map<MessageQueue, Long> runningCommitted = committed("restart-running");

    broker.restart();

    assertThat(committed("restart-stopped"))
        .as("committed offsets after the restart")
        .isEqualTo(stoppedCommitted);
    List<String> afterRestart = send("after-", 20, sent);
    DefaultMQPushConsumer after = consumer("restart-stopped", stopped, "after", null);
    after.start();

    List<String> all = new ArrayList<>(first);
    all.addAll(remaining);
    all.addAll(afterRestart);
    // A pull the client sent while the old node was closing its connections may go unanswered; the
    // client then retries only after its 30 s pull timeout (a known shutdown gap of the front
    // door), so the consumer that lived through the restart gets twice that.
    running.awaitBodies(all, TIMEOUT.multipliedBy(2));
    List<String> notYetConsumed = new ArrayList<>(remaining);
    notYetConsumed.addAll(afterRestart);
    stopped.awaitBodies("after", notYetConsumed, TIMEOUT);

    // The group that stopped resumes exactly where it had committed.
    assertThat(stopped.bodiesOf("after")).doesNotContainAnyElementsOf(first);
    assertRedeliveredOnlyPast(stopped, stoppedCommitted, sent);
    // The running consumer kept its place across the restart; any message it got twice lies in
    // the window its group had not committed when the node stopped.
    assertRedeliveredOnlyPast(running, runningCommitted, sent);
  }

  private DefaultMQPushConsumer consumer(String group, Tally tally, String name, WireTap tap)
      throws Exception {
    DefaultMQPushConsumer c = E2e.pushConsumer(broker, group, tap);
    c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    c.subscribe(TOPIC, "*");
    c.registerMessageListener(tally.listener(name));
    clients.add(c);
    return c;
  }

  private List<String> send(String prefix, int count, Map<String, SendResult> sent)
      throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SendResult r = producer.send(message(TOPIC, "TagA", prefix + i));
      assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
      sent.put(prefix + i, r);
      bodies.add(prefix + i);
    }
    return bodies;
  }

  private Map<MessageQueue, Long> maxOffsets() throws Exception {
    Map<MessageQueue, Long> max = new HashMap<>();
    for (MessageQueue mq : producer.fetchPublishMessageQueues(TOPIC)) {
      max.put(mq, producer.maxOffset(mq));
    }
    return max;
  }

  /** The group's committed offset per queue, asked of the broker (QUERY_CONSUMER_OFFSET). */
  private Map<MessageQueue, Long> committed(String group) throws Exception {
    Map<MessageQueue, Long> offsets = new HashMap<>();
    for (MessageQueue mq : producer.fetchPublishMessageQueues(TOPIC)) {
      QueryConsumerOffsetRequestHeader h = new QueryConsumerOffsetRequestHeader();
      h.setConsumerGroup(group);
      h.setTopic(TOPIC);
      h.setQueueId(mq.getQueueId());
      offsets.put(
          mq,
          producer
              .getDefaultMQProducerImpl()
              .getMqClientFactory()
              .getMQClientAPIImpl()
              .queryConsumerOffset(broker.namesrvAddr(), h, 3_000));
    }
    return offsets;
  }

  /**
   * Nothing was lost, and a message delivered more than once sits at or past its queue's offset
   * that was committed before the node stopped.
   */
  private static void assertRedeliveredOnlyPast(
      Tally tally, Map<MessageQueue, Long> committed, Map<String, SendResult> sent) {
    assertThat(tally.counts()).as("every message delivered").containsOnlyKeys(sent.keySet());
    Predicate<String> uncommitted =
        body -> {
          SendResult r = sent.get(body);
          return r.getQueueOffset() >= committed.getOrDefault(r.getMessageQueue(), 0L);
        };
    tally
        .counts()
        .forEach(
            (body, times) -> {
              if (times > 1) {
                assertThat(body)
                    .as("delivered %d times but committed before the stop", times)
                    .matches(uncommitted);
              }
            });
  }
}
