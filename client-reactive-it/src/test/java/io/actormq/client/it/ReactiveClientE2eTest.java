package io.actormq.client.it;

import static io.actormq.client.it.E2e.WAIT;
import static io.actormq.client.it.E2e.await;
import static io.actormq.client.it.E2e.consumer;
import static io.actormq.client.it.E2e.messages;
import static io.actormq.client.it.E2e.sendAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.client.ActorMqClient;
import io.actormq.client.ConsumerSettings;
import io.actormq.client.Message;
import io.actormq.client.ProducerSettings;
import io.actormq.client.ReactiveConsumer;
import io.actormq.client.ReactiveProducer;
import io.actormq.client.ReceivedMessage;
import io.actormq.client.SendResult;
import io.actormq.client.TransactionState;
import io.actormq.client.TransactionalProducer;
import io.actormq.protocol.message.MessageProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reactive client against a real in-process node. Each test has its own topic and group. */
class ReactiveClientE2eTest {

  private static NodeFixture node;
  private static ActorMqClient client;
  private static ReactiveProducer producer;

  @BeforeAll
  static void start() throws Exception {
    node = new NodeFixture();
    client = E2e.client(node.address());
    producer = client.producer(ProducerSettings.of("e2e-producer").withMaxInFlight(128));
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private static Set<String> bodies(List<ReceivedMessage> ms) {
    return ms.stream().map(ReceivedMessage::bodyText).collect(Collectors.toSet());
  }

  @Test
  void resultsComeInInputOrderAndEveryMessageIsConsumed() throws Exception {
    List<Message> in = new ArrayList<>(messages("rc-all", 300));
    for (int i = 0; i < 40; i++) {
      in.add(Message.of("rc-all", "k" + i).withShardingKey("key-" + (i % 2)).withTags("K"));
    }
    List<SendResult> results = sendAll(producer, in);
    assertThat(results).hasSize(in.size()).allMatch(SendResult::isSuccess);
    for (int i = 0; i < in.size(); i++) {
      assertThat(results.get(i).message()).isSameAs(in.get(i));
    }
    // Equal sharding keys share a queue, so their order holds.
    Map<String, Set<Integer>> queueOfKey = new HashMap<>();
    results.stream()
        .filter(r -> r.message().shardingKey() != null)
        .forEach(
            r ->
                queueOfKey
                    .computeIfAbsent(r.message().shardingKey(), k -> new HashSet<>())
                    .add(r.queue().queueId()));
    assertThat(queueOfKey.values()).allMatch(s -> s.size() == 1);

    ReactiveConsumer consumer = client.consumer(consumer("rc-all-g", "rc-all"));
    Probe probe = new Probe(true);
    consumer.subscribe(probe);
    probe.request(Long.MAX_VALUE);
    List<ReceivedMessage> got = probe.take(in.size(), WAIT);
    assertThat(bodies(got))
        .isEqualTo(in.stream().map(Message::bodyText).collect(Collectors.toSet()));
    List<String> keyed =
        got.stream().filter(m -> "K".equals(m.tags())).map(ReceivedMessage::bodyText).toList();
    assertThat(keyed).hasSize(40);
    probe.cancel();
    consumer.terminated().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void aResetByTimeRepositionsARunningConsumerWithoutARestart() throws Exception {
    sendAll(producer, messages("rc-reset", 12));
    // Every later message is stored at a later millisecond than this, every earlier one before.
    long resetTo = System.currentTimeMillis() + 1;
    while (System.currentTimeMillis() <= resetTo) {
      Thread.onSpinWait();
    }
    List<Message> recent = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      recent.add(Message.of("rc-reset", "recent-" + i));
    }
    sendAll(producer, recent);
    ReactiveConsumer consumer = client.consumer(consumer("rc-reset-g", "rc-reset"));
    Probe probe = new Probe(true);
    consumer.subscribe(probe);
    probe.request(Long.MAX_VALUE);
    probe.take(24, WAIT);

    // What mqadmin resetOffsetByTime sends, through the official client's API.
    org.apache.rocketmq.client.producer.DefaultMQProducer admin =
        new org.apache.rocketmq.client.producer.DefaultMQProducer("rc-reset-admin");
    admin.setNamesrvAddr(node.address());
    admin.setInstanceName("rc-reset-admin-" + ProcessHandle.current().pid());
    admin.start();
    try {
      admin
          .getDefaultMQProducerImpl()
          .getMqClientFactory()
          .getMQClientAPIImpl()
          .invokeBrokerToResetOffset(
              node.address(), "rc-reset", "rc-reset-g", resetTo, true, 10_000, false);
    } finally {
      admin.shutdown();
    }
    List<ReceivedMessage> again = probe.take(12, WAIT);
    assertThat(bodies(again))
        .isEqualTo(recent.stream().map(Message::bodyText).collect(Collectors.toSet()));
    probe.cancel();
    consumer.terminated().join();
  }

  @Test
  void aSlowSubscriberHoldsAtMostThePrefetchPerQueueWhileAFastProducerFillsTheTopic()
      throws Exception {
    int total = 1500;
    // Route and queues first, so the consumer sees all of them from its first rebalance.
    sendAll(producer, messages("rc-slow", 8));
    CompletableFuture<List<SendResult>> filling =
        CompletableFuture.supplyAsync(() -> sendAll(producer, messages("rc-slow", total)));
    int prefetch = 8;
    ReactiveConsumer consumer =
        client.consumer(consumer("rc-slow-g", "rc-slow").withPrefetch(prefetch, 64));
    Probe probe = new Probe(false);
    consumer.subscribe(probe);
    for (int i = 0; i < 200; i++) {
      probe.request(1);
      probe.next(WAIT).ack();
      var stats = consumer.stats();
      assertThat(stats.pulled() - stats.delivered())
          .as("messages held undelivered")
          .isLessThanOrEqualTo((long) prefetch * 8);
    }
    assertThat(filling.get(WAIT.toSeconds(), TimeUnit.SECONDS)).allMatch(SendResult::isSuccess);
    var stats = consumer.stats();
    assertThat(stats.maxBufferedPerQueue()).isLessThanOrEqualTo(prefetch);
    assertThat(stats.pulled()).isLessThanOrEqualTo(200 + (long) prefetch * 8);
    assertThat(stats.delivered()).isEqualTo(200);
    probe.cancel();
    consumer.terminated().join();
  }

  @Test
  void cancelStopsPullsAndCommitsWhatWasAcked() throws Exception {
    sendAll(producer, messages("rc-cancel", 50));
    ReactiveConsumer first = client.consumer(consumer("rc-cancel-g", "rc-cancel"));
    Probe probe = new Probe(true);
    first.subscribe(probe);
    probe.request(10);
    List<ReceivedMessage> acked = probe.take(10, WAIT);
    probe.cancel();
    first.terminated().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    long pullsAtCancel = first.stats().pulls();

    List<Message> more = new ArrayList<>();
    for (int i = 50; i < 100; i++) {
      more.add(Message.of("rc-cancel", "m" + i));
    }
    sendAll(producer, more);
    // Another group reads all 100: the new messages were there to be pulled all along.
    ReactiveConsumer other = client.consumer(consumer("rc-cancel-other", "rc-cancel"));
    Probe otherProbe = new Probe(true);
    other.subscribe(otherProbe);
    otherProbe.request(Long.MAX_VALUE);
    otherProbe.take(100, WAIT);
    otherProbe.cancel();
    other.terminated().join();
    assertThat(first.stats().pulls()).isEqualTo(pullsAtCancel);

    // The group resumes after what was acknowledged.
    ReactiveConsumer again = client.consumer(consumer("rc-cancel-g", "rc-cancel"));
    Probe againProbe = new Probe(true);
    again.subscribe(againProbe);
    againProbe.request(Long.MAX_VALUE);
    Set<String> rest = bodies(againProbe.take(90, WAIT));
    assertThat(rest).hasSize(90).doesNotContainAnyElementsOf(bodies(acked));
    againProbe.cancel();
    again.terminated().join();
  }

  @Test
  void aNackedMessageIsDeliveredAgain() throws Exception {
    sendAll(producer, List.of(Message.of("rc-nack", "again").withTags("T")));
    ReactiveConsumer consumer = client.consumer(consumer("rc-nack-g", "rc-nack"));
    Probe probe = new Probe(false);
    consumer.subscribe(probe);
    probe.request(Long.MAX_VALUE);
    ReceivedMessage first = probe.next(WAIT);
    first.nack();
    ReceivedMessage second = probe.next(WAIT);
    assertThat(second.msgId()).isEqualTo(first.msgId());
    assertThat(second.topic()).isEqualTo("rc-nack");
    assertThat(second.reconsumeTimes()).isEqualTo(1);
    assertThat(second.bodyText()).isEqualTo("again");
    second.ack();
    probe.cancel();
    consumer.terminated().join();
  }

  @Test
  void aConsumerKilledMidStreamIsFollowedByRedeliveryOfWhatItDidNotAck() throws Exception {
    List<Message> in = messages("rc-kill", 100);
    sendAll(producer, in);
    ActorMqClient doomed = E2e.client(node.address());
    ReactiveConsumer a = doomed.consumer(consumer("rc-kill-g", "rc-kill"));
    Probe probeA = new Probe(false);
    a.subscribe(probeA);
    probeA.request(Long.MAX_VALUE);
    Set<String> ackedByA = new HashSet<>();
    for (ReceivedMessage m : probeA.take(100, WAIT)) {
      // Acks with gaps: commits may only go up to the lowest unacknowledged offset.
      if (Integer.parseInt(m.bodyText().substring(1)) % 2 == 0) {
        m.ack();
        ackedByA.add(m.bodyText());
      }
    }
    doomed.close();
    // Closing the client ends its consumers' streams with onComplete.
    assertThat(probeA.error.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
    assertThat(a.terminated()).isDone();

    ActorMqClient successor = E2e.client(node.address());
    try {
      ReactiveConsumer b = successor.consumer(consumer("rc-kill-g", "rc-kill"));
      Set<String> seenByB = java.util.concurrent.ConcurrentHashMap.newKeySet();
      Probe probeB =
          new Probe(true) {
            @Override
            public void onNext(ReceivedMessage m) {
              seenByB.add(m.bodyText());
              super.onNext(m);
            }
          };
      b.subscribe(probeB);
      probeB.request(Long.MAX_VALUE);
      Set<String> unacked =
          in.stream()
              .map(Message::bodyText)
              .filter(s -> !ackedByA.contains(s))
              .collect(Collectors.toSet());
      await("redelivery of every unacknowledged message", () -> seenByB.containsAll(unacked));
      Set<String> all = new HashSet<>(ackedByA);
      all.addAll(seenByB);
      assertThat(all).hasSize(100);
    } finally {
      successor.close();
    }
  }

  @Test
  void transactionsCommitAndRollBack() throws Exception {
    TransactionalProducer tx =
        client.transactionalProducer(
            ProducerSettings.of("rc-tx-p"), half -> TransactionState.COMMIT);
    var committed = tx.send(Message.of("rc-tx", "committed"), r -> TransactionState.COMMIT).get();
    var rolledBack =
        tx.send(Message.of("rc-tx", "rolled-back"), r -> TransactionState.ROLLBACK).get();
    assertThat(committed.halfMessage().isSuccess()).isTrue();
    assertThat(rolledBack.halfMessage().isSuccess()).isTrue();
    sendAll(producer, List.of(Message.of("rc-tx", "plain")));

    ReactiveConsumer consumer = client.consumer(consumer("rc-tx-g", "rc-tx"));
    Probe probe = new Probe(true);
    consumer.subscribe(probe);
    probe.request(Long.MAX_VALUE);
    Set<String> got = bodies(probe.take(2, WAIT));
    assertThat(got).containsExactlyInAnyOrder("committed", "plain");
    probe.cancel();
    consumer.terminated().join();
  }

  @Test
  void anUnknownOutcomeIsSettledByTheCheckerWhenTheNodeAsks() throws Exception {
    Set<String> checked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    TransactionalProducer tx =
        client.transactionalProducer(
            ProducerSettings.of("rc-txc-p"),
            half -> {
              checked.add(half.bodyText());
              return half.bodyText().equals("commit-me")
                  ? TransactionState.COMMIT
                  : TransactionState.ROLLBACK;
            });
    for (String body : List.of("commit-me", "drop-me")) {
      // The node's first check comes after this immunity, instead of the default 6 s.
      Message m =
          Message.of("rc-txc", body)
              .withProperty(MessageProperties.CHECK_IMMUNITY_TIME_IN_SECONDS, "1");
      assertThat(tx.send(m, r -> TransactionState.UNKNOWN).get().halfMessage().isSuccess())
          .isTrue();
    }
    sendAll(producer, List.of(Message.of("rc-txc", "plain")));
    ReactiveConsumer consumer = client.consumer(consumer("rc-txc-g", "rc-txc"));
    Probe probe = new Probe(true);
    consumer.subscribe(probe);
    probe.request(Long.MAX_VALUE);
    assertThat(bodies(probe.take(2, WAIT))).containsExactlyInAnyOrder("plain", "commit-me");
    await("both half messages checked", () -> checked.size() == 2);
    probe.cancel();
    consumer.terminated().join();
  }

  @Test
  void broadcastingDeliversEveryMessageToEveryMember() throws Exception {
    sendAll(producer, messages("rc-bc", 20));
    ActorMqClient second = E2e.client(node.address());
    try {
      List<Probe> probes = new ArrayList<>();
      List<ReactiveConsumer> consumers = new ArrayList<>();
      for (ActorMqClient c : List.of(client, second)) {
        ReactiveConsumer consumer =
            c.consumer(
                consumer("rc-bc-g", "rc-bc").withModel(ConsumerSettings.MessageModel.BROADCASTING));
        Probe probe = new Probe(true);
        consumer.subscribe(probe);
        probe.request(Long.MAX_VALUE);
        probes.add(probe);
        consumers.add(consumer);
      }
      for (Probe p : probes) {
        assertThat(bodies(p.take(20, WAIT))).hasSize(20);
      }
      probes.forEach(Probe::cancel);
      consumers.forEach(c -> c.terminated().join());
    } finally {
      second.close();
    }
  }

  @Test
  void orderedModeKeepsPerKeyOrderThroughANack() throws Exception {
    List<Message> in = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      for (String key : List.of("a", "b", "c")) {
        in.add(Message.of("rc-ord", key + ":" + i).withShardingKey(key));
      }
    }
    sendAll(producer, in);
    ReactiveConsumer consumer = client.consumer(consumer("rc-ord-g", "rc-ord").withOrdered(true));
    Probe probe = new Probe(false);
    consumer.subscribe(probe);
    probe.request(Long.MAX_VALUE);
    Map<String, List<Integer>> seen = new HashMap<>();
    boolean nacked = false;
    int acked = 0;
    while (acked < in.size()) {
      ReceivedMessage m = probe.next(WAIT);
      String[] parts = m.bodyText().split(":");
      if (!nacked && parts[1].equals("5")) {
        nacked = true;
        m.nack();
        continue;
      }
      seen.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
      m.ack();
      acked++;
    }
    for (List<Integer> seq : seen.values()) {
      assertThat(seq).isSorted().hasSize(30);
    }
    probe.cancel();
    consumer.terminated().join();

    // Cancel released the locks: another member takes the queues over at once, not after the
    // node's 60 s lock expiry (the wait below is half of that).
    ActorMqClient next = E2e.client(node.address());
    try {
      ReactiveConsumer successor = next.consumer(consumer("rc-ord-g", "rc-ord").withOrdered(true));
      Probe after = new Probe(true);
      successor.subscribe(after);
      after.request(Long.MAX_VALUE);
      sendAll(producer, List.of(Message.of("rc-ord", "a:30").withShardingKey("a")));
      assertThat(after.next(WAIT).bodyText()).isEqualTo("a:30");
      after.cancel();
      successor.terminated().join();
    } finally {
      next.close();
    }
  }

  @Test
  void batchingSendsTheBurstInFewerRequests() throws Exception {
    ReactiveProducer batching =
        client.producer(ProducerSettings.of("rc-batch-p").withBatchSize(16).withMaxInFlight(64));
    List<Message> in = messages("rc-batch", 64);
    List<SendResult> results = sendAll(batching, in);
    assertThat(results).allMatch(SendResult::isSuccess);
    ReactiveConsumer consumer = client.consumer(consumer("rc-batch-g", "rc-batch"));
    Probe probe = new Probe(true);
    consumer.subscribe(probe);
    probe.request(Long.MAX_VALUE);
    assertThat(bodies(probe.take(64, WAIT))).hasSize(64);
    probe.cancel();
    consumer.terminated().join();
  }
}
