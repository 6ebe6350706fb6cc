package io.actormq.broker.e2e;

import static io.actormq.broker.e2e.E2e.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.util.Map;
import java.util.Random;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.CommunicationMode;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the official client sees when a send is wrong, on a node that does not create topics on its
 * own. Where the client checks first (size, topic name), the test also goes past that check with
 * the client's own lower-level API, to see the broker's answer.
 */
class BadInputTest {

  private static BrokerFixture broker;
  private static DefaultMQProducer producer;

  @BeforeAll
  static void startNode() throws Exception {
    broker = BrokerFixture.start(E2e.nodeSettings(Map.of("actormq.topics.auto-create", "off")));
    producer = E2e.producer(broker, "bad-input-producer");
    producer.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    E2e.shutdownInBackground(producer);
    E2e.awaitShutdowns();
    broker.close();
  }

  @Test
  void aBodyOverFourMebibytesIsIllegal() throws Exception {
    String topic = "BigBodies";
    producer.createTopic(producer.getCreateTopicKey(), topic, 4, null);
    byte[] body = new byte[4 * 1024 * 1024 + 1];
    new Random(7).nextBytes(body);

    // The client refuses it before sending...
    assertThatThrownBy(() -> producer.send(new Message(topic, body)))
        .asInstanceOf(type(MQClientException.class))
        .extracting(MQClientException::getResponseCode)
        .isEqualTo(ResponseCode.MESSAGE_ILLEGAL);

    // ...and a client told to allow more gets the broker's MESSAGE_ILLEGAL, without retries.
    DefaultMQProducer lenient = E2e.producer(broker, "lenient-producer");
    lenient.setMaxMessageSize(8 * 1024 * 1024);
    lenient.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
    lenient.start();
    try {
      assertThatThrownBy(() -> lenient.send(new Message(topic, body)))
          .asInstanceOf(type(MQBrokerException.class))
          .satisfies(
              e -> {
                assertThat(e.getResponseCode()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
                assertThat(e.getErrorMessage()).contains("exceeds the maximum of 4194304");
              });
      // The connection and the topic are fine afterwards.
      assertThat(lenient.send(message(topic, "TagA", "small")).getSendStatus())
          .isEqualTo(SendStatus.SEND_OK);
    } finally {
      E2e.shutdownInBackground(lenient);
    }
  }

  @Test
  void anInvalidTopicNameIsRefused() throws Exception {
    assertThatThrownBy(() -> producer.send(message("no spaces allowed", "TagA", "x")))
        .isInstanceOf(MQClientException.class)
        .hasMessageContaining("illegal characters");

    for (String topic : new String[] {"no spaces allowed", "t".repeat(128), "semi;colon"}) {
      assertThatThrownBy(() -> sendBypassingClientChecks(topic))
          .as("topic %s", topic)
          .asInstanceOf(type(MQBrokerException.class))
          .satisfies(
              e -> {
                assertThat(e.getResponseCode()).isEqualTo(ResponseCode.INVALID_PARAMETER);
                assertThat(e.getErrorMessage()).contains("topic");
              });
    }
  }

  @Test
  void anUnknownTopicIsNotCreatedWhenAutoCreateIsOff() throws Exception {
    // The client finds no route, falls back to TBW102's, sends, and the broker refuses the topic
    // (TOPIC_NOT_EXIST, which the producer retries before giving up).
    assertThatThrownBy(() -> producer.send(message("NoSuchTopic", "TagA", "x")))
        .isInstanceOf(MQClientException.class)
        .satisfies(
            e -> {
              MQClientException ce = (MQClientException) e;
              assertThat(ce.getResponseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
              assertThat(ce).hasRootCauseInstanceOf(MQBrokerException.class);
            });
    // Nor does a direct send create it.
    assertThatThrownBy(() -> sendBypassingClientChecks("NoSuchTopic"))
        .asInstanceOf(type(MQBrokerException.class))
        .extracting(MQBrokerException::getResponseCode)
        .isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    assertThat(producer.fetchPublishMessageQueues(producer.getCreateTopicKey())).isNotEmpty();
    assertThatThrownBy(() -> producer.fetchPublishMessageQueues("NoSuchTopic"))
        .isInstanceOf(MQClientException.class)
        .hasRootCauseInstanceOf(MQClientException.class);
  }

  @Test
  void aSql92SubscriptionIsRefusedWhenTheConsumerStarts() throws Exception {
    String topic = "Sql92";
    producer.createTopic(producer.getCreateTopicKey(), topic, 4, null);
    DefaultMQPushConsumer consumer = E2e.pushConsumer(broker, "sql92-group");
    consumer.subscribe(topic, MessageSelector.bySql("amount > 100"));
    consumer.registerMessageListener(new Tally().listener("c"));
    try {
      // CHECK_CLIENT_CONFIG (46) is answered with an error, which fails the start.
      assertThatThrownBy(consumer::start)
          .isInstanceOf(MQClientException.class)
          .hasStackTraceContaining("does not support consumer to filter message by SQL92");
    } finally {
      E2e.shutdownInBackground(consumer);
    }
  }

  /** SEND_MESSAGE_V2 through the client's remoting API, which skips the client's own checks. */
  private static void sendBypassingClientChecks(String topic) throws Exception {
    Message m = message(topic, "TagA", "x");
    SendMessageRequestHeader h = new SendMessageRequestHeader();
    h.setProducerGroup(producer.getProducerGroup());
    h.setTopic(topic);
    h.setDefaultTopic(producer.getCreateTopicKey());
    h.setDefaultTopicQueueNums(4);
    h.setQueueId(0);
    h.setSysFlag(0);
    h.setBornTimestamp(System.currentTimeMillis());
    h.setFlag(m.getFlag());
    h.setProperties(MessageDecoder.messageProperties2String(m.getProperties()));
    h.setReconsumeTimes(0);
    h.setUnitMode(false);
    h.setBatch(false);
    producer
        .getDefaultMQProducerImpl()
        .getMqClientFactory()
        .getMQClientAPIImpl()
        .sendMessage(
            broker.namesrvAddr(),
            "actormq-a",
            m,
            h,
            3_000,
            CommunicationMode.SYNC,
            null,
            producer.getDefaultMQProducerImpl());
  }
}
