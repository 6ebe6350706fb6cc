package io.actormq.broker.e2e;

import static io.actormq.broker.e2e.E2e.TIMEOUT;
import static io.actormq.broker.e2e.E2e.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Push consumers of the official client: clustering and broadcasting groups, orderly consumption
 * with queue locks, tag filters, and long polling. One node serves all tests; each uses its own
 * topic and groups.
 */
class PushConsumeTest {

  private static BrokerFixture broker;
  private static DefaultMQProducer producer;

  @BeforeAll
  static void startNode() throws Exception {
    broker = BrokerFixture.start(E2e.nodeSettings());
    producer = E2e.producer(broker, "push-test-producer");
    producer.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    E2e.shutdownInBackground(producer);
    E2e.awaitShutdowns();
    broker.close();
  }

  @Test
  void clusteringMembersSplitTheQueuesAndEachMessageIsConsumedOnce() throws Exception {
    String topic = "Clustering";
    String group = "clustering-group";
    Tally tally = new Tally();
    RebalanceWatch watch = new RebalanceWatch(topic, 8);
    DefaultMQPushConsumer c1 = clusteringMember(group, topic, "c1", tally, watch);
    DefaultMQPushConsumer c2 = clusteringMember(group, topic, "c2", tally, watch);
    try {
      c1.start();
      assertThat(watch.awaitSettled(TIMEOUT, "c1").get("c1")).hasSize(8);
      c2.start();
      Map<String, Set<MessageQueue>> shares = watch.awaitSettled(TIMEOUT, "c1", "c2");
      assertThat(shares.get("c1")).isNotEmpty().doesNotContainAnyElementsOf(shares.get("c2"));

      Map<String, Integer> queueOf = new HashMap<>();
      for (int i = 0; i < 40; i++) {
        SendResult r = producer.send(message(topic, "TagA", "clustering-" + i));
        queueOf.put("clustering-" + i, r.getMessageQueue().getQueueId());
      }
      tally.awaitBodies(queueOf.keySet(), TIMEOUT);

      assertThat(tally.counts()).as("deliveries per message").containsOnlyKeys(queueOf.keySet());
      assertThat(tally.counts().values()).as("deliveries per message").containsOnly(1);
      for (String member : List.of("c1", "c2")) {
        Set<Integer> ownQueues = queueIds(shares.get(member));
        List<String> got = tally.bodiesOf(member);
        assertThat(got).as("%s's share", member).isNotEmpty();
        assertThat(got)
            .as("%s received only from its own queues %s", member, ownQueues)
            .allMatch(body -> ownQueues.contains(queueOf.get(body)));
      }
    } finally {
      E2e.shutdownInBackground(c1, c2);
    }
  }

  @Test
  void aMemberThatLeavesHandsItsQueuesOverAtItsCommittedOffsets() throws Exception {
    String topic = "Handover";
    String group = "handover-group";
    Tally tally = new Tally();
    RebalanceWatch watch = new RebalanceWatch(topic, 8);
    DefaultMQPushConsumer stays = clusteringMember(group, topic, "stays", tally, watch);
    DefaultMQPushConsumer leaves = clusteringMember(group, topic, "leaves", tally, watch);
    try {
      stays.start();
      leaves.start();
      watch.awaitSettled(TIMEOUT, "stays", "leaves");
      List<String> before = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        producer.send(message(topic, "TagA", "before-" + i));
        before.add("before-" + i);
      }
      tally.awaitBodies(before, TIMEOUT);
      assertThat(tally.bodiesOf("leaves")).isNotEmpty();

      // A clean shutdown commits, then unregisters; the broker tells the remaining member, which
      // takes every queue from the offsets committed for them.
      E2e.shutdownInBackground(leaves);
      assertThat(watch.awaitSettled(TIMEOUT, "stays").get("stays")).hasSize(8);
      List<String> after = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        producer.send(message(topic, "TagA", "after-" + i));
        after.add("after-" + i);
      }
      tally.awaitBodies("stays", after, TIMEOUT);
      assertThat(tally.counts().values()).as("deliveries per message").containsOnly(1);
      assertThat(tally.counts()).hasSize(before.size() + after.size());
    } finally {
      E2e.shutdownInBackground(stays);
    }
  }

  @Test
  void broadcastingMembersEachReceiveEveryMessage() throws Exception {
    String topic = "Broadcasting";
    String group = "broadcasting-group";
    Tally tally = new Tally();
    List<DefaultMQPushConsumer> members = new ArrayList<>();
    try {
      for (String name : List.of("b1", "b2")) {
        DefaultMQPushConsumer c = E2e.pushConsumer(broker, group);
        c.setMessageModel(MessageModel.BROADCASTING);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, "*");
        c.registerMessageListener(tally.listener(name));
        c.start();
        members.add(c);
      }
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        producer.send(message(topic, "TagA", "broadcast-" + i));
        sent.add("broadcast-" + i);
      }
      for (String name : List.of("b1", "b2")) {
        tally.awaitBodies(name, sent, TIMEOUT);
        assertThat(tally.bodiesOf(name)).as(name).containsExactlyInAnyOrderElementsOf(sent);
      }
    } finally {
      E2e.shutdownInBackground(members.toArray());
    }
  }

  @Test
  void orderlyConsumersKeepEachOrdersStepsInSequence() throws Exception {
    String topic = "Orderly";
    String group = "orderly-group";
    int orders = 16;
    int steps = 10;
    // Per order id, the steps in the order they were consumed, and who consumed them.
    Map<Integer, List<Integer>> consumedSteps = new HashMap<>();
    Map<Integer, Set<String>> consumers = new HashMap<>();
    Map<Integer, Set<Integer>> queues = new HashMap<>();
    Tally tally = new Tally();
    RebalanceWatch watch = new RebalanceWatch(topic, 8);
    List<DefaultMQPushConsumer> members = new ArrayList<>();
    for (String name : List.of("o1", "o2")) {
      DefaultMQPushConsumer c = E2e.pushConsumer(broker, group);
      c.subscribe(topic, "*");
      c.registerMessageListener(
          (MessageListenerOrderly)
              (msgs, context) -> {
                for (MessageExt m : msgs) {
                  String[] parts = E2e.body(m).split("-");
                  int order = Integer.parseInt(parts[1]);
                  synchronized (consumedSteps) {
                    consumedSteps
                        .computeIfAbsent(order, o -> new ArrayList<>())
                        .add(Integer.parseInt(parts[2]));
                    consumers.computeIfAbsent(order, o -> new HashSet<>()).add(name);
                    queues.computeIfAbsent(order, o -> new HashSet<>()).add(m.getQueueId());
                  }
                  tally.add(name, m);
                }
                return ConsumeOrderlyStatus.SUCCESS;
              });
      watch.watch(name, c);
      members.add(c);
    }
    try {
      members.get(0).start();
      watch.awaitSettled(TIMEOUT, "o1");
      // o1 holds the locks of all 8 queues now: o2 gets its share only once o1 has released
      // (UNLOCK_BATCH_MQ) what the rebalance took from it and o2 has locked it (LOCK_BATCH_MQ).
      members.get(1).start();
      Map<String, Set<MessageQueue>> shares = watch.awaitSettled(TIMEOUT, "o1", "o2");
      assertThat(shares.get("o1")).hasSize(4);
      assertThat(shares.get("o2")).hasSize(4);

      MessageQueueSelector byOrderId = (mqs, msg, arg) -> mqs.get((Integer) arg % mqs.size());
      List<String> sent = new ArrayList<>();
      for (int step = 0; step < steps; step++) {
        for (int order = 0; order < orders; order++) {
          String body = "order-" + order + "-" + step;
          producer.send(message(topic, "TagA", body), byOrderId, order);
          sent.add(body);
        }
      }
      tally.awaitBodies(sent, TIMEOUT);

      List<Integer> inSequence = new ArrayList<>();
      for (int step = 0; step < steps; step++) {
        inSequence.add(step);
      }
      synchronized (consumedSteps) {
        for (int order = 0; order < orders; order++) {
          assertThat(consumedSteps.get(order)).as("steps of order %d", order).isEqualTo(inSequence);
          assertThat(consumers.get(order)).as("consumers of order %d", order).hasSize(1);
          assertThat(queues.get(order)).as("queues of order %d", order).containsExactly(order % 8);
        }
        Set<String> used = new HashSet<>();
        consumers.values().forEach(used::addAll);
        assertThat(used).containsExactlyInAnyOrder("o1", "o2");
      }
    } finally {
      E2e.shutdownInBackground(members.toArray());
    }
  }

  @Test
  void aTagFilterDeliversOnlyItsTagsAndTheBrokerFiltersTheRest() throws Exception {
    String topic = "Tags";
    WireTap tap = new WireTap();
    Tally tally = new Tally();
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, "tags-group", tap);
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(topic, "TagA || TagB");
    consumer.registerMessageListener(tally.listener("c"));
    List<String> wanted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String tag = List.of("TagA", "TagB", "TagC").get(i % 3);
      producer.send(message(topic, tag, tag + "-" + i));
      if (!tag.equals("TagC")) {
        wanted.add(tag + "-" + i);
      }
    }
    consumer.start();
    try {
      tally.awaitBodies(wanted, TIMEOUT);
      assertThat(tally.bodies()).containsExactlyInAnyOrderElementsOf(wanted);
      assertThat(tally.deliveries()).extracting(d -> d.message().getTags()).doesNotContain("TagC");
      // The client filters by tag again, so the listener alone cannot tell whether the broker
      // did: the pulled records can.
      assertThat(tap.pulledRecords())
          .filteredOn(m -> m.getTopic().equals(topic))
          .extracting(MessageExt::getTags)
          .isNotEmpty()
          .doesNotContain("TagC");
    } finally {
      E2e.shutdownInBackground(consumer);
    }
  }

  @Test
  void aPullThatFindsOnlyFilteredMessagesMovesPastThemAtOnce() throws Exception {
    String topic = "FilteredOnly";
    producer.createTopic(producer.getCreateTopicKey(), topic, 1, null);
    for (int i = 0; i < 5; i++) {
      producer.send(message(topic, "TagC", "skipped-" + i));
    }
    WireTap tap = new WireTap();
    Tally tally = new Tally();
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, "filtered-only-group", tap);
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(topic, "TagA");
    consumer.registerMessageListener(tally.listener("c"));
    CompletableFuture<WireTap.Exchange> firstPull = tap.next(WireTap.pullOf(topic));
    consumer.start();
    try {
      WireTap.Exchange pull = firstPull.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(pull.pullHeader().getQueueOffset()).isZero();
      // Nothing matches: PULL_RETRY_IMMEDIATELY past the filtered run, not a long poll at 0 that
      // tells the client where it stands only when the 15 s hold ends.
      RemotingCommand response = pull.response().get(5, TimeUnit.SECONDS);
      assertThat(response.getCode()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
      assertThat(response.getExtFields()).containsEntry("nextBeginOffset", "5");

      producer.send(message(topic, "TagA", "wanted"));
      tally.awaitBodies(List.of("wanted"), TIMEOUT);
      assertThat(tally.bodies()).containsExactly("wanted");
    } finally {
      E2e.shutdownInBackground(consumer);
    }
  }

  @Test
  void aParkedLongPollDeliversANewMessageAtOnce() throws Exception {
    String topic = "LongPolling";
    producer.createTopic(producer.getCreateTopicKey(), topic, 1, null);
    WireTap tap = new WireTap();
    CompletableFuture<Long> receivedAt = new CompletableFuture<>();
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, "long-poll-group", tap);
    consumer.subscribe(topic, "*");
    consumer.registerMessageListener(
        (MessageListenerConcurrently)
            (msgs, context) -> {
              receivedAt.complete(System.nanoTime());
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    CompletableFuture<WireTap.Exchange> firstPull = tap.next(WireTap.pullOf(topic));
    consumer.start();
    try {
      WireTap.Exchange pull = firstPull.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(pull.pullHeader().getSuspendTimeoutMillis()).isEqualTo(15_000);
      // The queue is empty: without long polling the broker would answer PULL_NOT_FOUND at once.
      assertThatThrownBy(() -> pull.response().get(500, TimeUnit.MILLISECONDS))
          .as("the pull is parked")
          .isInstanceOf(TimeoutException.class);

      long sentAt = System.nanoTime();
      producer.send(message(topic, "TagA", "wake up"));
      long latencyMillis =
          TimeUnit.NANOSECONDS.toMillis(
              receivedAt.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) - sentAt);
      assertThat(latencyMillis).as("send to receive, in ms").isLessThan(2_000);
      // ...and it came as the answer to the very pull that was parked.
      assertThat(pull.response().getNow(null)).isNotNull();
      assertThat(pull.response().getNow(null).getCode()).isEqualTo(ResponseCode.SUCCESS);
    } finally {
      E2e.shutdownInBackground(consumer);
    }
  }

  private static DefaultMQPushConsumer clusteringMember(
      String group, String topic, String name, Tally tally, RebalanceWatch watch) throws Exception {
    DefaultMQPushConsumer c = E2e.pushConsumer(broker, group);
    c.subscribe(topic, "*");
    c.registerMessageListener(tally.listener(name));
    watch.watch(name, c);
    return c;
  }

  private static Set<Integer> queueIds(Set<MessageQueue> queues) {
    Set<Integer> ids = new HashSet<>();
    queues.forEach(q -> ids.add(q.getQueueId()));
    return ids;
  }
}
