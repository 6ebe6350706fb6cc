package io.actormq.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.actormq.broker.topic.MetadataTestConfig;
import io.actormq.protocol.body.ConsumerData;
import io.actormq.protocol.body.HeartbeatData;
import io.actormq.protocol.body.ProducerData;
import io.actormq.protocol.body.SubscriptionData;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConsumerGroupsTest {

  private static final ActorTestKit kit =
      ActorTestKit.create("ConsumerGroupsTest", MetadataTestConfig.local());
  private static final AtomicLong connectionIds = new AtomicLong();

  // Long enough that the timer never expires anyone unless a test moves the clock.
  private static final ConsumerGroups.Settings SETTINGS =
      new ConsumerGroups.Settings(Duration.ofSeconds(120), Duration.ofMillis(20));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private final ManualClock clock = new ManualClock(1_000_000L);
  private final GroupsView view = new GroupsView();
  private final ActorRef<ConsumerGroups.Command> groups =
      kit.spawn(ConsumerGroups.create(SETTINGS, view, clock));

  private static FakeConnection connection() {
    return new FakeConnection(kit, connectionIds.incrementAndGet());
  }

  static HeartbeatData consumer(String clientId, String group, SubscriptionData... subs) {
    return new HeartbeatData(
        clientId,
        List.of(),
        List.of(
            new ConsumerData(
                group,
                ConsumerData.CONSUME_PASSIVELY,
                ConsumerData.CLUSTERING,
                ConsumerData.CONSUME_FROM_LAST_OFFSET,
                false,
                List.of(subs))));
  }

  private ConsumerGroups.HeartbeatAck heartbeat(HeartbeatData data, FakeConnection connection) {
    TestProbe<ConsumerGroups.HeartbeatAck> ack = kit.createTestProbe();
    groups.tell(new ConsumerGroups.Heartbeat(data, connection, ack.ref()));
    return ack.receiveMessage();
  }

  private static void expectNotified(FakeConnection connection, String group) {
    RemotingCommand sent = connection.sent().receiveMessage();
    assertThat(sent.code()).isEqualTo(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
    assertThat(sent.isOneway()).isTrue();
    assertThat(sent.isResponse()).isFalse();
    assertThat(sent.extField("consumerGroup")).isEqualTo(group);
  }

  private List<String> askConsumerIds(String group) {
    TestProbe<ConsumerGroups.ConsumerIds> probe = kit.createTestProbe();
    groups.tell(new ConsumerGroups.GetConsumerIds(group, probe.ref()));
    return probe.receiveMessage().clientIds();
  }

  @Test
  void itLogsUnderItsOwnNameEvenWhenItsTimerFiredFirst() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Logger logger = (Logger) LoggerFactory.getLogger(ConsumerGroups.class);
    logger.addAppender(appender);
    try {
      ActorRef<ConsumerGroups.Command> fresh =
          kit.spawn(ConsumerGroups.create(SETTINGS, new GroupsView(), clock));
      // Its 20 ms expiry check runs a few times before the first heartbeat arrives.
      kit.createTestProbe().expectNoMessage(Duration.ofMillis(100));
      TestProbe<ConsumerGroups.HeartbeatAck> ack = kit.createTestProbe();
      fresh.tell(
          new ConsumerGroups.Heartbeat(
              consumer("10.0.0.9@late", "logged"), connection(), ack.ref()));
      ack.receiveMessage();
      assertThat(appender.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .contains("consumer 10.0.0.9@late joined group logged");
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void everyMemberSeesTheSameSortedListAndIsToldWhenItChanges() {
    FakeConnection b = connection();
    FakeConnection a = connection();
    assertThat(heartbeat(consumer("10.0.0.2@b", "cg"), b).joined()).containsExactly("cg");
    expectNotified(b, "cg");
    heartbeat(consumer("10.0.0.1@a", "cg"), a);
    expectNotified(a, "cg");
    expectNotified(b, "cg");

    assertThat(view.consumerIds("cg")).containsExactly("10.0.0.1@a", "10.0.0.2@b");
    assertThat(askConsumerIds("cg")).containsExactly("10.0.0.1@a", "10.0.0.2@b");

    // A repeated heartbeat is no membership change: nobody is told anything.
    assertThat(heartbeat(consumer("10.0.0.1@a", "cg"), a).joined()).isEmpty();
    a.sent().expectNoMessage(Duration.ofMillis(50));
    b.sent().expectNoMessage(Duration.ZERO);
  }

  @Test
  void subscriptionsAreVisibleAndTheNewestVersionWins() {
    FakeConnection a = connection();
    FakeConnection b = connection();
    heartbeat(
        consumer(
            "a",
            "cg",
            SubscriptionData.ofTags("T", "TagA || TagB", 100),
            SubscriptionData.ofTags("%RETRY%cg", "*", 100)),
        a);
    SubscriptionData sub = view.subscription("cg", "T");
    assertThat(sub.tagsSet()).containsExactlyInAnyOrder("TagA", "TagB");
    assertThat(sub.codeSet()).containsExactlyInAnyOrder("TagA".hashCode(), "TagB".hashCode());
    assertThat(sub.isTagType()).isTrue();
    assertThat(view.subscription("cg", "%RETRY%cg").subString()).isEqualTo("*");
    assertThat(view.filter("cg", "T").codes())
        .containsExactlyInAnyOrder("TagA".hashCode(), "TagB".hashCode());
    assertThat(view.filter("cg", "%RETRY%cg").isAll()).isTrue();
    assertThat(view.filter("cg", "Other")).isNull();
    assertThat(view.subscription("cg", "Other")).isNull();
    assertThat(view.subscription("nobody", "T")).isNull();

    heartbeat(consumer("b", "cg", SubscriptionData.ofTags("T", "TagC", 200)), b);
    assertThat(view.subscription("cg", "T").tagsSet()).containsExactly("TagC");
    ConsumerGroupInfo info = view.consumerGroup("cg");
    assertThat(info.messageModel()).isEqualTo(ConsumerData.CLUSTERING);
    assertThat(info.consumeFromWhere()).isEqualTo(ConsumerData.CONSUME_FROM_LAST_OFFSET);
    assertThat(info.members().get("a").connection()).isSameAs(a);
  }

  @Test
  void heartbeatV2WithoutSubscriptionsKeepsTheKnownOnes() {
    FakeConnection a = connection();
    heartbeat(consumer("a", "cg", SubscriptionData.ofTags("T", "TagA", 1)), a);
    HeartbeatData withoutSub =
        new HeartbeatData("a", List.of(), consumer("a", "cg").consumerDataSet(), 42, true);
    heartbeat(withoutSub, a);
    assertThat(view.subscription("cg", "T").tagsSet()).containsExactly("TagA");
  }

  @Test
  void aClosedConnectionTakesItsClientsAlongButNotAReconnectedOne() {
    FakeConnection a = connection();
    FakeConnection b = connection();
    heartbeat(consumer("a", "cg"), a);
    heartbeat(consumer("b", "cg"), b);
    expectNotified(a, "cg");
    expectNotified(a, "cg");
    expectNotified(b, "cg");

    groups.tell(new ConsumerGroups.ConnectionClosed(a.id()));
    expectNotified(b, "cg");
    assertThat(view.consumerIds("cg")).containsExactly("b");

    // b reconnects and heartbeats on its new connection before the old one's close is noticed.
    FakeConnection b2 = connection();
    heartbeat(consumer("b", "cg"), b2);
    ConsumerGroups.connectionClosedListener(groups).accept(b.id());
    assertThat(askConsumerIds("cg")).containsExactly("b");
    assertThat(view.consumerGroup("cg").members().get("b").connection()).isSameAs(b2);
  }

  @Test
  void silentClientsExpire() {
    FakeConnection a = connection();
    FakeConnection b = connection();
    heartbeat(consumer("a", "cg"), a);
    clock.advance(Duration.ofSeconds(100));
    heartbeat(consumer("b", "cg"), b);
    expectNotified(a, "cg");
    expectNotified(a, "cg");
    expectNotified(b, "cg");

    // 121 s after a's last heartbeat, 21 s after b's: the 20 ms check removes a only.
    clock.advance(Duration.ofSeconds(21));
    expectNotified(b, "cg");
    assertThat(view.consumerIds("cg")).containsExactly("b");

    clock.advance(Duration.ofSeconds(100));
    kit.createTestProbe()
        .awaitAssert(
            () -> {
              assertThat(view.consumerGroup("cg")).isNull();
              return null;
            });
    assertThat(askConsumerIds("cg")).isEmpty();
  }

  @Test
  void unregisterRemovesTheClientFromTheNamedGroupsOnly() {
    FakeConnection a = connection();
    FakeConnection b = connection();
    HeartbeatData both =
        new HeartbeatData(
            "a", List.of(new ProducerData("pg")), consumer("a", "cg").consumerDataSet());
    heartbeat(both, a);
    heartbeat(consumer("b", "cg"), b);
    assertThat(view.producerConnections("pg")).containsExactly(a);
    a.sent().receiveSeveralMessages(2);
    b.sent().receiveMessage();

    TestProbe<Done> done = kit.createTestProbe();
    groups.tell(new ConsumerGroups.Unregister("a", null, "cg", done.ref()));
    done.receiveMessage();
    expectNotified(b, "cg");
    assertThat(view.consumerIds("cg")).containsExactly("b");
    assertThat(view.producerConnections("pg")).containsExactly(a);

    groups.tell(new ConsumerGroups.Unregister("a", "pg", null, done.ref()));
    done.receiveMessage();
    assertThat(view.producerConnections("pg")).isEmpty();
    assertThat(view.snapshot().producers()).doesNotContainKey("pg");
  }

  @Test
  void oneClientInSeveralGroups() {
    FakeConnection a = connection();
    HeartbeatData two =
        new HeartbeatData(
            "a",
            List.of(),
            List.of(
                consumer("a", "g1").consumerDataSet().get(0),
                consumer("a", "g2").consumerDataSet().get(0)));
    assertThat(heartbeat(two, a).joined()).isEqualTo(Set.of("g1", "g2"));
    assertThat(view.consumerIds("g1")).containsExactly("a");
    assertThat(view.consumerIds("g2")).containsExactly("a");
  }
}
