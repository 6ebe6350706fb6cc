package io.actormq.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.exception.RemotingException;

/**
 * Asynchronous sends with at most {@code --inflight} unacknowledged: a permit is taken before each
 * send and given back by its callback. The latency is send call to callback.
 */
final class AsyncSendWorkload implements Workload {

  private static final long DRAIN_SECONDS = 30;

  private final Options options;
  private final String topic;
  private final Meter meter;
  private final byte[] body;
  private final Semaphore window;
  private final List<Thread> senders = new ArrayList<>();
  private DefaultMQProducer producer;
  private volatile boolean running;

  AsyncSendWorkload(Options options, String topic, Meter meter) {
    this.options = options;
    this.topic = topic;
    this.meter = meter;
    this.window = new Semaphore(options.inflight());
    this.body = new byte[options.size()];
    ThreadLocalRandom.current().nextBytes(body);
  }

  @Override
  public void prepare() throws Exception {
    producer = Clients.startProducer(options);
    TopicAdmin.createTopic(producer, topic, options.queues(), options.brokers());
  }

  @Override
  public void start() {
    running = true;
    for (int i = 0; i < options.threads(); i++) {
      Thread sender = new Thread(this::sendLoop, "loadgen-async-" + i);
      sender.setDaemon(true);
      senders.add(sender);
      sender.start();
    }
  }

  @Override
  public int threads() {
    return options.threads();
  }

  private void sendLoop() {
    try {
      while (running) {
        window.acquire();
        long started = System.nanoTime();
        try {
          producer.send(new Message(topic, body), new Callback(started));
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
  public void close() {
    running = false;
    try {
      for (Thread sender : senders) {
        sender.join(TimeUnit.SECONDS.toMillis(DRAIN_SECONDS));
      }
      // Let the sends in flight finish before the client goes away under them.
      if (window.tryAcquire(options.inflight(), DRAIN_SECONDS, TimeUnit.SECONDS)) {
        window.release(options.inflight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (producer != null) {
      producer.shutdown();
    }
  }

  private final class Callback implements SendCallback {
    private final long started;

    Callback(long started) {
      this.started = started;
    }

    @Override
    public void onSuccess(SendResult result) {
      window.release();
      if (result.getSendStatus() == SendStatus.SEND_OK) {
        meter.success(1, System.nanoTime() - started);
      } else {
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
