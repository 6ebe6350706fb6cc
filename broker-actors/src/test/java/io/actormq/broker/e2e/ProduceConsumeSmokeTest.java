package io.actormq.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;

/** The official client, unchanged, against a real node: send, then consume everything. */
class ProduceConsumeSmokeTest {

  @Test
  void aPushConsumerReceivesWhatAProducerSent() throws Exception {
    try (BrokerFixture broker = BrokerFixture.start(Map.of())) {
      DefaultMQProducer producer = new DefaultMQProducer("smoke-producer");
      producer.setNamesrvAddr(broker.namesrvAddr());
      producer.start();
      Set<String> sent = ConcurrentHashMap.newKeySet();
      try {
        for (int i = 0; i < 20; i++) {
          Message m =
              new Message("SmokeTopic", "TagA", ("hello " + i).getBytes(StandardCharsets.UTF_8));
          SendResult result = producer.send(m);
          assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
          sent.add(result.getMsgId());
        }
      } finally {
        producer.shutdown();
      }

      CountDownLatch all = new CountDownLatch(20);
      Set<String> received = ConcurrentHashMap.newKeySet();
      DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("smoke-consumer");
      consumer.setNamesrvAddr(broker.namesrvAddr());
      consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
      consumer.subscribe("SmokeTopic", "*");
      consumer.registerMessageListener(
          (MessageListenerConcurrently)
              (msgs, context) -> {
                msgs.forEach(
                    m -> {
                      if (received.add(m.getMsgId())) {
                        all.countDown();
                      }
                    });
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
              });
      consumer.start();
      try {
        assertThat(all.await(60, TimeUnit.SECONDS)).as("all 20 messages consumed").isTrue();
        assertThat(received).isEqualTo(sent);
      } finally {
        consumer.shutdown();
      }
    }
  }
}
