package io.actormq.broker.e2e;

import static io.actormq.broker.e2e.E2e.TIMEOUT;
import static io.actormq.broker.e2e.E2e.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageClientExt;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official producer's ways of sending, checked by consuming what was sent: sync, async and
 * oneway sends, batches, a message near the size limit, and the admin look-ups by key and by id.
 * One node serves all tests; each uses its own topic and groups.
 */
class ProduceTest {

  private static BrokerFixture broker;
  private static DefaultMQProducer producer;

  @BeforeAll
  static void startNode() throws Exception {
    broker = BrokerFixture.start(E2e.nodeSettings());
    producer = E2e.producer(broker, "produce-test-producer");
    producer.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    E2e.shutdownInBackground(producer);
    E2e.awaitShutdowns();
    broker.close();
  }

  @Test
  void syncAsyncAndOnewaySendsAreAllConsumed() throws Exception {
    String topic = "SendModes";
    Map<String, SendResult> results = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      String body = "sync-" + i;
      SendResult r = producer.send(message(topic, "TagA", body));
      assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
      results.put(body, r);
    }
    List<CompletableFuture<SendResult>> async = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      CompletableFuture<SendResult> done = new CompletableFuture<>();
      producer.send(
          message(topic, "TagA", "async-" + i),
          new SendCallback() {
            @Override
            public void onSuccess(SendResult sendResult) {
              done.complete(sendResult);
            }

            @Override
            public void onException(Throwable e) {
              done.completeExceptionally(e);
            }
          });
      async.add(done);
    }
    for (int i = 0; i < async.size(); i++) {
      SendResult r = async.get(i).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
      results.put("async-" + i, r);
    }
    List<String> oneway = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      producer.sendOneway(message(topic, "TagA", "oneway-" + i));
      oneway.add("oneway-" + i);
    }

    Tally tally = new Tally();
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, "send-modes-consumer");
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(topic, "*");
    consumer.registerMessageListener(tally.listener("c"));
    consumer.start();
    try {
      List<String> expected = new ArrayList<>(results.keySet());
      expected.addAll(oneway);
      tally.awaitBodies(expected, TIMEOUT);
      assertThat(tally.bodies()).containsExactlyInAnyOrderElementsOf(expected);
      // What the producer was told is what the consumer sees.
      for (Tally.Delivery d : tally.deliveries(d -> results.containsKey(d.body()))) {
        SendResult sent = results.get(d.body());
        MessageExt m = d.message();
        assertThat(m.getMsgId()).as("msgId of %s", d.body()).isEqualTo(sent.getMsgId());
        assertThat(m.getQueueId()).isEqualTo(sent.getMessageQueue().getQueueId());
        assertThat(m.getQueueOffset()).isEqualTo(sent.getQueueOffset());
        assertThat(((MessageClientExt) m).getOffsetMsgId()).isEqualTo(sent.getOffsetMsgId());
        assertThat(m.getTopic()).isEqualTo(topic);
        assertThat(m.getTags()).isEqualTo("TagA");
      }
    } finally {
      E2e.shutdownInBackground(consumer);
    }
  }

  @Test
  void aBatchIsStoredContiguouslyInOneQueueAndFullyConsumed() throws Exception {
    String topic = "Batches";
    List<Message> batch = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Message m = message(topic, "TagB", "batch-" + i);
      m.setKeys("batch-key-" + i);
      batch.add(m);
    }
    SendResult r = producer.send(batch);
    assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
    List<String> msgIds = Arrays.asList(r.getMsgId().split(","));
    List<String> offsetMsgIds = Arrays.asList(r.getOffsetMsgId().split(","));
    assertThat(msgIds).hasSize(16).doesNotHaveDuplicates();
    assertThat(offsetMsgIds).hasSize(16).doesNotHaveDuplicates();

    Tally tally = new Tally();
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, "batch-consumer");
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(topic, "*");
    consumer.registerMessageListener(tally.listener("c"));
    consumer.start();
    try {
      List<String> expected = batch.stream().map(E2e::bodyOf).toList();
      tally.awaitBodies(expected, TIMEOUT);
      assertThat(tally.bodies()).containsExactlyInAnyOrderElementsOf(expected);
      for (Tally.Delivery d : tally.deliveries()) {
        int i = Integer.parseInt(d.body().substring("batch-".length()));
        MessageExt m = d.message();
        assertThat(m.getQueueId()).isEqualTo(r.getMessageQueue().getQueueId());
        assertThat(m.getQueueOffset()).isEqualTo(r.getQueueOffset() + i);
        assertThat(m.getMsgId()).isEqualTo(msgIds.get(i));
        assertThat(((MessageClientExt) m).getOffsetMsgId()).isEqualTo(offsetMsgIds.get(i));
        assertThat(m.getKeys()).isEqualTo("batch-key-" + i);
        assertThat(m.getTags()).isEqualTo("TagB");
      }
      // Each entry of a batch is indexed by its own keys.
      long now = System.currentTimeMillis();
      assertThat(
              producer
                  .queryMessage(topic, "batch-key-11", 4, now - 60_000, now + 60_000)
                  .getMessageList())
          .extracting(E2e::body)
          .containsExactly("batch-11");
    } finally {
      E2e.shutdownInBackground(consumer);
    }
  }

  @Test
  void aMessageOfTheMaximumSizeMakesTheRoundTrip() throws Exception {
    String topic = "LargeMessages";
    // Random bytes, sent uncompressed: the broker sees the full 4 MiB body.
    byte[] body = new byte[4 * 1024 * 1024];
    new Random(42).nextBytes(body);
    DefaultMQProducer uncompressed = E2e.producer(broker, "large-producer");
    uncompressed.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
    uncompressed.start();
    SendResult r;
    try {
      r = uncompressed.send(new Message(topic, body));
    } finally {
      E2e.shutdownInBackground(uncompressed);
    }
    assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);

    CompletableFuture<MessageExt> received = new CompletableFuture<>();
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, "large-consumer");
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(topic, "*");
    consumer.registerMessageListener(
        (MessageListenerConcurrently)
            (msgs, context) -> {
              msgs.forEach(received::complete);
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    consumer.start();
    try {
      MessageExt got = received.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(got.getMsgId()).isEqualTo(r.getMsgId());
      assertThat(got.getBody()).isEqualTo(body);
    } finally {
      E2e.shutdownInBackground(consumer);
    }
  }

  @Test
  void queryByKeyAndViewByIdReturnTheMessage() throws Exception {
    String topic = "Lookups";
    long begin = System.currentTimeMillis() - 60_000;
    for (int i = 0; i < 5; i++) {
      Message filler = message(topic, "TagA", "filler-" + i);
      filler.setKeys("other-" + i);
      producer.send(filler);
    }
    Message m = message(topic, "TagA", "order 42 paid");
    m.setKeys(List.of("order-42", "customer-7"));
    SendResult r = producer.send(m);
    long end = System.currentTimeMillis() + 60_000;

    QueryResult byKey = producer.queryMessage(topic, "order-42", 16, begin, end);
    assertThat(byKey.getMessageList()).hasSize(1);
    MessageExt found = byKey.getMessageList().get(0);
    assertThat(E2e.body(found)).isEqualTo("order 42 paid");
    assertThat(found.getMsgId()).isEqualTo(r.getMsgId());
    assertThat(producer.queryMessage(topic, "customer-7", 16, begin, end).getMessageList())
        .extracting(E2e::body)
        .containsExactly("order 42 paid");
    // A key nobody used, and a time range before the message, find nothing.
    assertThatThrownBy(() -> producer.queryMessage(topic, "order-43", 16, begin, end))
        .isInstanceOf(MQClientException.class)
        .hasMessageContaining("no message");
    assertThatThrownBy(() -> producer.queryMessage(topic, "order-42", 16, begin, begin + 1_000))
        .isInstanceOf(MQClientException.class)
        .hasMessageContaining("no message");

    // VIEW_MESSAGE_BY_ID with the offsetMsgId (the producer's viewMessage would fall back to a
    // query by unique key on failure, so the implementation is asked directly).
    MessageExt viewed = producer.getDefaultMQProducerImpl().viewMessage(topic, r.getOffsetMsgId());
    assertThat(E2e.body(viewed)).isEqualTo("order 42 paid");
    assertThat(viewed.getMsgId()).isEqualTo(r.getMsgId());
    assertThat(viewed.getQueueOffset()).isEqualTo(r.getQueueOffset());

    // By the unique key, the id consumers see.
    MessageExt byUniqueKey = producer.viewMessage(topic, r.getMsgId());
    assertThat(E2e.body(byUniqueKey)).isEqualTo("order 42 paid");
    assertThat(byUniqueKey.getQueueOffset()).isEqualTo(r.getQueueOffset());
  }

  @Test
  void offsetMsgIdsAreUniqueAcrossTopicsAndFindTheirMessageWithoutTheTopic() throws Exception {
    // The first record of queue 0 in two topics: same queue id, same queue offset.
    SendResult a = producer.send(message("IdsTopicA", "TagA", "in A"), queueZero("IdsTopicA"));
    SendResult b = producer.send(message("IdsTopicB", "TagA", "in B"), queueZero("IdsTopicB"));
    assertThat(a.getQueueOffset()).isEqualTo(b.getQueueOffset());
    assertThat(a.getOffsetMsgId()).isNotEqualTo(b.getOffsetMsgId());

    MessageExt viaA =
        producer.getDefaultMQProducerImpl().viewMessage("IdsTopicA", a.getOffsetMsgId());
    assertThat(E2e.body(viaA)).isEqualTo("in A");
    // 4.9.x clients send no topic: the id alone must find its message.
    long commitLogOffset = MessageDecoder.decodeMessageId(b.getOffsetMsgId()).getOffset();
    MessageExt viaIdOnly =
        producer
            .getDefaultMQProducerImpl()
            .getMqClientFactory()
            .getMQClientAPIImpl()
            .viewMessage(broker.namesrvAddr(), null, commitLogOffset, TIMEOUT.toMillis());
    assertThat(E2e.body(viaIdOnly)).isEqualTo("in B");
    // An id named with the wrong topic finds nothing rather than another topic's message.
    assertThatThrownBy(
            () -> producer.getDefaultMQProducerImpl().viewMessage("IdsTopicB", a.getOffsetMsgId()))
        .isInstanceOf(Exception.class);
  }

  private static MessageQueue queueZero(String topic) throws MQClientException {
    return producer.fetchPublishMessageQueues(topic).stream()
        .filter(q -> q.getQueueId() == 0)
        .findFirst()
        .orElseThrow();
  }
}
