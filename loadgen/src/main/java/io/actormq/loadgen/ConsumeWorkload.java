package io.actormq.loadgen;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.exception.RemotingException;

/**
 * Drains a pre-filled backlog: batch sends fill the topic with {@code --backlog} messages, then a
 * push consumer in a fresh group reads them from the first offset. The window is from the
 * consumer's start to the last message (or {@code --duration}, whichever comes first).
 */
final class ConsumeWorkload implements Workload {

  private static final int FILL_ATTEMPTS = 10;

  private final Options options;
  private final String topic;
  private final Meter meter;
  private final PrintStream progress;
  private final AtomicLong consumed = new AtomicLong();
  private final CountDownLatch drained = new CountDownLatch(1);
  private DefaultMQProducer producer;
  private DefaultMQPushConsumer consumer;

  ConsumeWorkload(Options options, String topic, Meter meter, PrintStream progress) {
    this.options = options;
    this.topic = topic;
    this.meter = meter;
    this.progress = progress;
  }

  @Override
  public void prepare() throws Exception {
    producer = Clients.startProducer(options);
    TopicAdmin.createTopic(producer, topic, options.queues(), options.brokers());
    fill();
    producer.shutdown();
    producer = null;
  }

  private void fill() throws Exception {
    byte[] body = new byte[options.size()];
    ThreadLocalRandom.current().nextBytes(body);
    AtomicLong claimed = new AtomicLong();
    AtomicLong filled = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long started = System.nanoTime();
    List<Thread> fillers = new ArrayList<>();
    for (int t = 0; t < options.threads(); t++) {
      Thread filler =
          new Thread(
              () -> {
                try {
                  fillLoop(body, claimed, filled);
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                }
              },
              "loadgen-fill-" + t);
      filler.setDaemon(true);
      fillers.add(filler);
      filler.start();
    }
    long reportNanos = options.reportInterval().toNanos();
    for (Thread filler : fillers) {
      while (filler.isAlive()) {
        filler.join(TimeUnit.NANOSECONDS.toMillis(reportNanos));
        if (filler.isAlive()) {
          progress.printf(
              "[fill] %d / %d messages, %.0f msgs/s%n",
              filled.get(),
              options.backlog(),
              filled.get() / ((System.nanoTime() - started) / 1e9));
        }
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "filling the backlog failed: " + Meter.describe(failure.get()), failure.get());
    }
    progress.printf(
        "[fill] %d messages in %.1f s%n", filled.get(), (System.nanoTime() - started) / 1e9);
  }

  private void fillLoop(byte[] body, AtomicLong claimed, AtomicLong filled)
      throws MQClientException, RemotingException, MQBrokerException, InterruptedException {
    long from;
    while ((from = claimed.getAndAdd(options.batch())) < options.backlog()) {
      int count = (int) Math.min(options.batch(), options.backlog() - from);
      List<Message> batch = new ArrayList<>(count);
      for (int attempt = 1; ; attempt++) {
        batch.clear();
        for (int i = 0; i < count; i++) {
          batch.add(new Message(topic, body));
        }
        try {
          SendStatus status = producer.send(batch).getSendStatus();
          if (status == SendStatus.SEND_OK) {
            break;
          }
          if (attempt == FILL_ATTEMPTS) {
            throw new IllegalStateException("a fill batch was answered " + status);
          }
        } catch (MQClientException | RemotingException | MQBrokerException e) {
          // A busy broker refuses for a moment (RocketMQ's flow control); the fill is not measured.
          if (attempt == FILL_ATTEMPTS) {
            throw e;
          }
        }
        TimeUnit.MILLISECONDS.sleep(100L * attempt);
      }
      filled.addAndGet(count);
    }
  }

  @Override
  public boolean measuresFromStart() {
    return true;
  }

  @Override
  public void start() throws MQClientException {
    consumer = Clients.pushConsumer(options, topic);
    consumer.registerMessageListener(
        (MessageListenerConcurrently)
            (messages, context) -> {
              meter.success(messages.size());
              if (consumed.addAndGet(messages.size()) >= options.backlog()) {
                drained.countDown();
              }
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    consumer.start();
  }

  @Override
  public boolean awaitDone(long nanos) throws InterruptedException {
    return drained.await(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public int threads() {
    return options.consumerThreads();
  }

  @Override
  public void close() {
    if (consumer != null) {
      consumer.shutdown();
    }
    if (producer != null) {
      producer.shutdown();
    }
  }
}
