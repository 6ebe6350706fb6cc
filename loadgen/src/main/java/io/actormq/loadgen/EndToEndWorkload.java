package io.actormq.loadgen;

import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.exception.RemotingException;

/**
 * Send-to-receipt latency with producer and consumer in this process, so one {@link
 * System#nanoTime} clock stamps both ends; the stamp is the first 8 bytes of the body.
 *
 * <p>At a fixed {@code --rate} the stamp is the time the message was due, not the time it left: a
 * sender held up by a full in-flight window or a stall does not hide the delay from the figures (no
 * coordinated omission). At rate 0 the producer sends as fast as the window allows.
 */
final class EndToEndWorkload implements Workload {

  static final int STAMP_BYTES = Long.BYTES;
  private static final long ASSIGNMENT_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long DRAIN_SECONDS = 30;

  private final Options options;
  private final String topic;
  private final Meter meter;
  private final Semaphore window;
  private final byte[] filler;
  private DefaultMQProducer producer;
  private DefaultMQPushConsumer consumer;
  private Thread sender;
  private volatile boolean running;

  EndToEndWorkload(Options options, String topic, Meter meter) {
    if (options.size() < STAMP_BYTES) {
      throw new UsageException("e2e needs --size ≥ " + STAMP_BYTES + " for the time stamp");
    }
    this.options = options;
    this.topic = topic;
    this.meter = meter;
    this.window = new Semaphore(options.inflight());
    this.filler = new byte[options.size()];
    ThreadLocalRandom.current().nextBytes(filler);
  }

  @Override
  public void prepare() throws Exception {
    producer = Clients.startProducer(options);
    TopicAdmin.createTopic(producer, topic, options.queues(), options.brokers());
    consumer = Clients.pushConsumer(options, topic);
    consumer.registerMessageListener(
        (MessageListenerConcurrently)
            (messages, context) -> {
              long now = System.nanoTime();
              for (MessageExt message : messages) {
                long stamp = ByteBuffer.wrap(message.getBody()).getLong(0);
                meter.success(1, now - stamp);
              }
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    consumer.start();
    awaitAssignment();
  }

  // Messages sent before the consumer owns its queues would wait out a rebalance and count as
  // latency the broker did not cause. The assignment is visible only through the deprecated
  // implementation accessor.
  @SuppressWarnings("deprecation")
  private void awaitAssignment() throws InterruptedException {
    long deadline = System.nanoTime() + ASSIGNMENT_DEADLINE_NANOS;
    while (consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().size()
        < options.queues()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the consumer was not assigned all queues of " + topic);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  @Override
  public void start() {
    running = true;
    sender = new Thread(this::sendLoop, "loadgen-e2e-sender");
    sender.setDaemon(true);
    sender.start();
  }

  private void sendLoop() {
    Pacer pacer = new Pacer(options.rate());
    try {
      while (running) {
        long due = pacer.awaitNext();
        window.acquire();
        // At a fixed rate the stamp is when the message was due; at max rate, when it leaves.
        long stamp = options.rate() > 0 ? due : System.nanoTime();
        byte[] body = filler.clone();
        ByteBuffer.wrap(body).putLong(0, stamp);
        try {
          producer.send(new Message(topic, body), new Callback());
        } catch (MQClientException | RemotingException | RuntimeException e) {
          window.release();
          meter.error(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public int threads() {
    return 1;
  }

  @Override
  public void close() {
    running = false;
    try {
      if (sender != null) {
        sender.join(TimeUnit.SECONDS.toMillis(DRAIN_SECONDS));
      }
      if (window.tryAcquire(options.inflight(), DRAIN_SECONDS, TimeUnit.SECONDS)) {
        window.release(options.inflight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (consumer != null) {
      consumer.shutdown();
    }
    if (producer != null) {
      producer.shutdown();
    }
  }

  /** Only errors and the window: the latency is taken where the message arrives. */
  private final class Callback implements SendCallback {
    @Override
    public void onSuccess(SendResult result) {
      window.release();
      if (result.getSendStatus() != SendStatus.SEND_OK) {
        meter.error("SendStatus " + result.getSendStatus());
      }
    }

    @Override
    public void onException(Throwable e) {
      window.release();
      meter.error(e);
    }
  }
}
