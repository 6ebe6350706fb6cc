package io.actormq.multijvm;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/**
 * The official RocketMQ client with its timers turned down, so that a test waits for events rather
 * than for the client's 20 s and 30 s ticks.
 */
final class OfficialClients {

  static {
    // The client reads these once, when its classes load; the pom's surefire settings set them
    // too, this covers a run from an IDE. RebalanceService waits 20 s between rebalances by
    // default and at least 1 s even when woken.
    setIfAbsent("rocketmq.client.rebalance.waitInterval", "1000");
    setIfAbsent("rocketmq.client.rebalance.minInterval", "100");
    setIfAbsent("rocketmq.log.root", "target/rocketmq-client-logs");
  }

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private OfficialClients() {}

  static DefaultMQProducer producer(String namesrvAddr, String group) {
    DefaultMQProducer producer = new DefaultMQProducer(group);
    configure(producer, namesrvAddr);
    // The 3 s default is tight for an fsync per send on a busy 2-core machine.
    producer.setSendMsgTimeout(10_000);
    // Round robin over every queue of the route: the latency-based avoidance would shun a broker
    // whose first sends were slow (a queue opening on a loaded machine) and hide how sends spread.
    // A failed send still retries on another broker.
    producer.setSendLatencyFaultEnable(false);
    return producer;
  }

  /** A push consumer (not started): offsets committed every 500 ms, quick retry after errors. */
  static DefaultMQPushConsumer pushConsumer(String namesrvAddr, String group) {
    DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
    configure(consumer, namesrvAddr);
    consumer.setPersistConsumerOffsetInterval(500);
    consumer.setPullTimeDelayMillsWhenException(200);
    consumer.setAwaitTerminationMillisWhenShutdown(5_000);
    return consumer;
  }

  private static void configure(ClientConfig client, String namesrvAddr) {
    client.setNamesrvAddr(namesrvAddr);
    // One client instance (connection, clientId) per producer or consumer, as separate
    // processes would have.
    client.setInstanceName(
        "multijvm-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
    client.setHeartbeatBrokerInterval(1_000);
    client.setPollNameServerInterval(1_000);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
