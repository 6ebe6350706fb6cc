package io.actormq.multijvm;

import java.time.Duration;
import java.util.Collection;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A push consumer in a group of its own that reads a topic from its first offset. */
final class FreshConsumer {

  private static final Logger log = LoggerFactory.getLogger(FreshConsumer.class);

  private FreshConsumer() {}

  /**
   * Consumes {@code topic} until every one of {@code expected} arrived or {@code timeout} passed,
   * then shuts the consumer down.
   *
   * @return everything it was delivered, for the caller's checks to name what is missing
   */
  static ConsumedMessages consumeAll(
      String namesrvAddr, String group, String topic, Collection<Long> expected, Duration timeout)
      throws Exception {
    ConsumedMessages consumed = new ConsumedMessages();
    DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(namesrvAddr, group);
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(topic, "*");
    consumer.registerMessageListener(consumed);
    long started = System.nanoTime();
    consumer.start();
    try {
      boolean all = consumed.awaitAll(expected, timeout);
      log.info(
          "{}: {} of {} expected messages consumed in {} ms ({} deliveries)",
          group,
          all ? "all" : "not all",
          expected.size(),
          Duration.ofNanos(System.nanoTime() - started).toMillis(),
          consumed.deliveries().size());
    } finally {
      consumer.shutdown();
    }
    return consumed;
  }
}
