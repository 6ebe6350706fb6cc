package io.actormq.loadgen;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;

/** The official client's producer and consumer, set up the same way for every broker. */
final class Clients {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final int SEND_TIMEOUT_MILLIS = 10_000;

  private Clients() {}

  /** A name unique in this JVM and across runs, for groups and client instances. */
  static String uniqueName(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
  }

  static DefaultMQProducer startProducer(Options options) throws MQClientException {
    DefaultMQProducer producer = new DefaultMQProducer(uniqueName("loadgen-producer"));
    producer.setNamesrvAddr(options.namesrv());
    producer.setInstanceName(uniqueName("loadgen"));
    producer.setSendMsgTimeout(SEND_TIMEOUT_MILLIS);
    // A failed send is a figure of the run, not something to hide behind a retry.
    producer.setRetryTimesWhenSendFailed(0);
    producer.setRetryTimesWhenSendAsyncFailed(0);
    // Compression would measure the client's zlib and change the bytes the broker stores.
    producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
    producer.setMaxMessageSize(Math.max(4 * 1024 * 1024, options.size() * options.batch() * 2));
    producer.start();
    return producer;
  }

  /**
   * A push consumer on the topic from its first offset (the topic is fresh), handing the listener
   * whole pulls so that the harness spends little CPU per message on both brokers alike.
   */
  static DefaultMQPushConsumer pushConsumer(Options options, String topic)
      throws MQClientException {
    DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(uniqueName("loadgen-consumer"));
    consumer.setNamesrvAddr(options.namesrv());
    consumer.setInstanceName(uniqueName("loadgen"));
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.setConsumeThreadMin(options.consumerThreads());
    consumer.setConsumeThreadMax(options.consumerThreads());
    consumer.setPullBatchSize(options.pullBatch());
    consumer.setConsumeMessageBatchMaxSize(options.pullBatch());
    consumer.subscribe(topic, "*");
    return consumer;
  }
}
