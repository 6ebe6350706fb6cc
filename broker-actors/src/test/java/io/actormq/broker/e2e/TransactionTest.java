package io.actormq.broker.e2e;

import static io.actormq.broker.e2e.E2e.TIMEOUT;
import static io.actormq.broker.e2e.E2e.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.broker.transaction.TransactionActor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transaction messages through the official {@code TransactionMQProducer}: commit, rollback,
 * check-back (also by another member of the group), discard after the last check, and a restart
 * with open transactions. The node checks after 1 s, every second, at most twice.
 */
class TransactionTest {

  private BrokerFixture broker;
  private final Tally tally = new Tally();

  @BeforeEach
  void startNode() throws Exception {
    broker =
        BrokerFixture.start(
            E2e.nodeSettings(
                Map.of(
                    "actormq.transactions.check-immunity", "1s",
                    "actormq.transactions.check-interval", "1s",
                    "actormq.transactions.check-tick", "100ms",
                    "actormq.transactions.max-checks", "2")));
  }

  @AfterEach
  void stopNode() throws Exception {
    E2e.awaitShutdowns();
    broker.close();
  }

  /** A listener whose local transaction and check answers are given per message body. */
  private static class Listener implements TransactionListener {
    final Map<String, LocalTransactionState> local;
    final LocalTransactionState onCheck;
    final AtomicInteger checks = new AtomicInteger();

    Listener(Map<String, LocalTransactionState> local, LocalTransactionState onCheck) {
      this.local = local;
      this.onCheck = onCheck;
    }

    @Override
    public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
      return local.getOrDefault(E2e.bodyOf(msg), LocalTransactionState.UNKNOW);
    }

    @Override
    public LocalTransactionState checkLocalTransaction(MessageExt msg) {
      checks.incrementAndGet();
      return onCheck;
    }
  }

  private TransactionMQProducer producer(String group, TransactionListener listener)
      throws Exception {
    TransactionMQProducer producer = new TransactionMQProducer(group);
    producer.setNamesrvAddr(broker.namesrvAddr());
    producer.setInstanceName("tx-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    producer.setHeartbeatBrokerInterval(500);
    producer.setPollNameServerInterval(1_000);
    producer.setSendMsgTimeout(10_000);
    producer.setTransactionListener(listener);
    producer.start();
    return producer;
  }

  private DefaultMQPushConsumer consumer(String topic) throws Exception {
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, topic + "-readers");
    consumer.subscribe(topic, "*");
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.registerMessageListener(tally.listener("c"));
    consumer.start();
    return consumer;
  }

  private ActorRef<TransactionActor.Command> transactions() throws Exception {
    return Adapter.toTyped(
        broker
            .node
            .system()
            .classicSystem()
            .actorSelection("/system/transactions")
            .resolveOne(Duration.ofSeconds(10))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS));
  }

  private TransactionActor.Stats awaitStats(Predicate<TransactionActor.Stats> done)
      throws Exception {
    ActorRef<TransactionActor.Command> tx = transactions();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      TransactionActor.Stats stats =
          AskPattern.<TransactionActor.Command, TransactionActor.Stats>ask(
                  tx,
                  TransactionActor.GetStats::new,
                  Duration.ofSeconds(5),
                  broker.node.system().scheduler())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      if (done.test(stats)) {
        return stats;
      }
      assertThat(System.nanoTime()).as("stats within %s: %s", TIMEOUT, stats).isLessThan(deadline);
      // Polled: the actor has no way to push its counters.
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /** Messages stored in the topic's real queues, visible or not yet consumed. */
  private long storedIn(TransactionMQProducer producer, String topic) throws Exception {
    long total = 0;
    var admin = producer.getDefaultMQProducerImpl().getMqClientFactory().getMQAdminImpl();
    for (MessageQueue mq : admin.fetchPublishMessageQueues(topic)) {
      total += admin.maxOffset(mq);
    }
    return total;
  }

  @Test
  void aCommitMakesOneCopyVisibleAndARollbackNone() throws Exception {
    String topic = "TxCommit";
    Listener listener =
        new Listener(
            Map.of(
                "commit-me", LocalTransactionState.COMMIT_MESSAGE,
                "roll-me-back", LocalTransactionState.ROLLBACK_MESSAGE),
            LocalTransactionState.UNKNOW);
    TransactionMQProducer producer = producer("tx-commit-group", listener);
    DefaultMQPushConsumer consumer = consumer(topic);
    try {
      TransactionSendResult committed =
          producer.sendMessageInTransaction(message(topic, "T", "commit-me"), null);
      assertThat(committed.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
      assertThat(committed.getLocalTransactionState())
          .isEqualTo(LocalTransactionState.COMMIT_MESSAGE);
      assertThat(committed.getTransactionId()).isEqualTo(committed.getMsgId());
      TransactionSendResult rolledBack =
          producer.sendMessageInTransaction(message(topic, "T", "roll-me-back"), null);
      assertThat(rolledBack.getSendStatus()).isEqualTo(SendStatus.SEND_OK);

      tally.awaitBodies(List.of("commit-me"), TIMEOUT);
      awaitStats(s -> s.committed() == 1 && s.rolledBack() == 1 && s.open() == 0);
      MessageExt m = tally.deliveries().get(0).message();
      assertThat(m.getMsgId()).isEqualTo(committed.getMsgId());
      assertThat(MessageSysFlag.getTransactionValue(m.getSysFlag()))
          .isEqualTo(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
      assertThat(storedIn(producer, topic)).isEqualTo(1);
      assertThat(listener.checks).hasValue(0);
    } finally {
      E2e.shutdown(consumer, producer);
    }
  }

  @Test
  void anUnknownOutcomeIsCheckedAndTheCheckCommits() throws Exception {
    String topic = "TxCheck";
    Listener listener = new Listener(Map.of(), LocalTransactionState.COMMIT_MESSAGE);
    TransactionMQProducer producer = producer("tx-check-group", listener);
    DefaultMQPushConsumer consumer = consumer(topic);
    try {
      producer.sendMessageInTransaction(message(topic, "T", "decided-on-check"), null);
      tally.awaitBodies(List.of("decided-on-check"), TIMEOUT);
      assertThat(listener.checks.get()).isGreaterThanOrEqualTo(1);
      awaitStats(s -> s.committed() == 1 && s.open() == 0);
      assertThat(storedIn(producer, topic)).isEqualTo(1);
    } finally {
      E2e.shutdown(consumer, producer);
    }
  }

  @Test
  void anotherMemberOfTheGroupAnswersTheCheckWhenTheSenderIsGone() throws Exception {
    String topic = "TxOtherMember";
    Listener first = new Listener(Map.of(), LocalTransactionState.UNKNOW);
    TransactionMQProducer sender = producer("tx-member-group", first);
    Listener second = new Listener(Map.of(), LocalTransactionState.COMMIT_MESSAGE);
    TransactionMQProducer survivor = producer("tx-member-group", second);
    DefaultMQPushConsumer consumer = consumer(topic);
    try {
      // A producer heartbeats only to brokers it knows from a route: as an application that
      // publishes to the topic would, both members look it up, and the node sees both.
      for (TransactionMQProducer p : List.of(sender, survivor)) {
        p.getDefaultMQProducerImpl().getMqClientFactory().updateTopicRouteInfoFromNameServer(topic);
      }
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (broker.node.connections().connectionsOfProducerGroup("tx-member-group").size() < 2) {
        assertThat(System.nanoTime()).as("both members heartbeat").isLessThan(deadline);
        TimeUnit.MILLISECONDS.sleep(20);
      }
      sender.sendMessageInTransaction(message(topic, "T", "orphan"), null);
      sender.shutdown();
      tally.awaitBodies(List.of("orphan"), TIMEOUT);
      assertThat(second.checks.get()).isGreaterThanOrEqualTo(1);
    } finally {
      E2e.shutdown(consumer, survivor);
    }
  }

  @Test
  void aTransactionLeftOpenThroughEveryCheckIsDiscardedAndKept() throws Exception {
    String topic = "TxDiscard";
    Listener listener = new Listener(Map.of(), LocalTransactionState.UNKNOW);
    TransactionMQProducer producer = producer("tx-discard-group", listener);
    DefaultMQPushConsumer consumer = consumer(topic);
    Tally discardedTally = new Tally();
    DefaultMQPushConsumer discardReader = E2e.pushConsumer(broker, "tx-discard-readers");
    discardReader.subscribe("TRANS_CHECK_MAX_TIME_TOPIC", "*");
    discardReader.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    discardReader.registerMessageListener(discardedTally.listener("d"));
    try {
      producer.sendMessageInTransaction(message(topic, "T", "never-decided"), null);
      awaitStats(s -> s.discarded() == 1);
      discardReader.start();
      discardedTally.awaitBodies(List.of("never-decided"), TIMEOUT);
      assertThat(listener.checks).hasValue(2);
      assertThat(storedIn(producer, topic)).isZero();
      assertThat(tally.deliveries()).isEmpty();
    } finally {
      E2e.shutdown(consumer, discardReader, producer);
    }
  }

  @Test
  void openTransactionsSurviveARestartAndDecidedOnesStayDecided() throws Exception {
    String topic = "TxRestart";
    CompletableFuture<Void> restarted = new CompletableFuture<>();
    Listener listener =
        new Listener(
            Map.of(
                "committed-before", LocalTransactionState.COMMIT_MESSAGE,
                "rolled-back-before", LocalTransactionState.ROLLBACK_MESSAGE),
            LocalTransactionState.UNKNOW) {
          @Override
          public LocalTransactionState checkLocalTransaction(MessageExt msg) {
            checks.incrementAndGet();
            // Decided only once the node has restarted: the open half must survive it.
            return restarted.isDone()
                ? LocalTransactionState.COMMIT_MESSAGE
                : LocalTransactionState.UNKNOW;
          }
        };
    TransactionMQProducer producer = producer("tx-restart-group", listener);
    DefaultMQPushConsumer consumer = consumer(topic);
    try {
      for (String body : List.of("committed-before", "rolled-back-before", "open-across")) {
        producer.sendMessageInTransaction(message(topic, "T", body), null);
      }
      tally.awaitBodies(List.of("committed-before"), TIMEOUT);
      awaitStats(s -> s.committed() == 1 && s.rolledBack() == 1);

      broker.restart();
      restarted.complete(null);
      tally.awaitBodies(List.of("open-across"), TIMEOUT.multipliedBy(2));
      awaitStats(s -> s.committed() == 1 && s.open() == 0);
      assertThat(tally.counts())
          .containsEntry("committed-before", 1)
          .containsEntry("open-across", 1)
          .doesNotContainKey("rolled-back-before");
      assertThat(storedIn(producer, topic)).isEqualTo(2);
    } finally {
      E2e.shutdown(consumer, producer);
    }
  }
}
