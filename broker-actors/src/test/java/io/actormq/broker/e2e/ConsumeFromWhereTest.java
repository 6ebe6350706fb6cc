package io.actormq.broker.e2e;

import static io.actormq.broker.e2e.E2e.TIMEOUT;
import static io.actormq.broker.e2e.E2e.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where a new consumer group starts. FIRST is simple. LAST and TIMESTAMP only apply where the
 * broker answers QUERY_CONSUMER_OFFSET with "never committed": like RocketMQ, which starts a new
 * group at 0 while a queue's first message is still in memory, this broker answers 0 for a young
 * queue (offset 0 still stored, under 64 MiB), so a young queue is tested for exactly that and an
 * old one, made by storing 68 MB, for LAST and TIMESTAMP proper.
 */
class ConsumeFromWhereTest {

  private static final DateTimeFormatter CONSUME_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneId.systemDefault());

  private static BrokerFixture broker;
  private static DefaultMQProducer producer;

  @BeforeAll
  static void startNode() throws Exception {
    broker = BrokerFixture.start(E2e.nodeSettings());
    producer = E2e.producer(broker, "from-where-producer");
    // Filler bodies go uncompressed, so that they take the room they claim.
    producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
    producer.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    E2e.shutdownInBackground(producer);
    E2e.awaitShutdowns();
    broker.close();
  }

  @Test
  void consumeFromFirstOffsetReadsWhatWasSentBeforeTheGroupExisted() throws Exception {
    String topic = "FromFirst";
    List<String> before = send(topic, "first-", 10);
    Tally tally = new Tally();
    DefaultMQPushConsumer c = consumer("from-first-group", topic, tally);
    c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    c.start();
    try {
      tally.awaitBodies(before, TIMEOUT);
      assertThat(tally.bodies()).containsExactlyInAnyOrderElementsOf(before);
    } finally {
      E2e.shutdownInBackground(c);
    }
  }

  @Test
  void consumeFromLastOffsetOnAYoungQueueStartsAtItsFirstMessage() throws Exception {
    String topic = "FromLastYoung";
    List<String> before = send(topic, "young-", 10);
    Tally tally = new Tally();
    DefaultMQPushConsumer c = consumer("from-last-young-group", topic, tally);
    c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
    c.start();
    try {
      // RocketMQ's behaviour for a queue whose first message is in memory, kept on purpose:
      // applications that send first and then start a new group rely on it.
      tally.awaitBodies(before, TIMEOUT);
      assertThat(tally.bodies()).containsExactlyInAnyOrderElementsOf(before);
    } finally {
      E2e.shutdownInBackground(c);
    }
  }

  @Test
  void consumeFromLastOffsetOrTimestampOnAnOldQueueSkipsWhatCameBefore() throws Exception {
    String topic = "OldQueue";
    producer.createTopic(producer.getCreateTopicKey(), topic, 1, null);
    for (int i = 0; i < 17; i++) {
      byte[] body = new byte[4_000_000];
      byte[] label = ("filler-" + i).getBytes(StandardCharsets.UTF_8);
      System.arraycopy(label, 0, body, 0, label.length);
      SendResult r = producer.send(new Message(topic, "Filler", body));
      assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
    }
    // consumeTimestamp has a resolution of one second: the next messages must be stored in a
    // later second than the filler, so this waits for the wall clock to turn (< 1 s).
    long since = (System.currentTimeMillis() / 1000 + 1) * 1000;
    Thread.sleep(since - System.currentTimeMillis());
    List<String> afterTimestamp = send(topic, "since-", 5);

    Tally fromTimestamp = new Tally();
    DefaultMQPushConsumer byTime = consumer("from-timestamp-group", topic, fromTimestamp);
    byTime.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_TIMESTAMP);
    byTime.setConsumeTimestamp(CONSUME_TIMESTAMP.format(Instant.ofEpochMilli(since)));

    Tally fromLast = new Tally();
    DefaultMQPushConsumer last = consumer("from-last-old-group", topic, fromLast);
    last.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
    RebalanceWatch lastWatch = new RebalanceWatch(topic, 1);
    lastWatch.watch("last", last);
    try {
      byTime.start();
      last.start();
      // The client computes the start offset before it works on the queue.
      lastWatch.awaitSettled(TIMEOUT, "last");
      List<String> late = send(topic, "late-", 5);

      fromLast.awaitBodies(late, TIMEOUT);
      List<String> expected = new ArrayList<>(afterTimestamp);
      expected.addAll(late);
      fromTimestamp.awaitBodies(expected, TIMEOUT);
      assertThat(fromLast.bodies()).containsExactlyInAnyOrderElementsOf(late);
      assertThat(fromTimestamp.bodies()).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      E2e.shutdownInBackground(byTime, last);
    }
  }

  private static List<String> send(String topic, String prefix, int count) throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SendResult r = producer.send(message(topic, "TagA", prefix + i));
      assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
      bodies.add(prefix + i);
    }
    return bodies;
  }

  private static DefaultMQPushConsumer consumer(String group, String topic, Tally tally)
      throws Exception {
    DefaultMQPushConsumer c = E2e.pushConsumer(broker, group);
    c.subscribe(topic, "*");
    c.registerMessageListener(tally.listener(group));
    return c;
  }
}
