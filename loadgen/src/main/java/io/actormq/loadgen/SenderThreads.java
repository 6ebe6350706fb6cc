package io.actormq.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/**
 * What the send workloads share: one producer, the topic made for the run, a random body, and
 * {@code --threads} sender threads running {@link #sendLoop} while {@link #running}.
 */
abstract class SenderThreads implements Workload {

  protected final Options options;
  protected final String topic;
  protected final Meter meter;
  protected final byte[] body;
  protected DefaultMQProducer producer;
  protected volatile boolean running;
  private final List<Thread> senders = new ArrayList<>();
  private final String threadName;

  SenderThreads(Options options, String topic, Meter meter, String threadName) {
    this.options = options;
    this.topic = topic;
    this.meter = meter;
    this.threadName = threadName;
    // Random bytes: nothing on the way (disk, socket) gets to shrink them.
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
      Thread sender = new Thread(this::sendLoop, threadName + "-" + i);
      sender.setDaemon(true);
      senders.add(sender);
      sender.start();
    }
  }

  @Override
  public int threads() {
    return options.threads();
  }

  /** One sender thread's work, until {@link #running} turns false. */
  protected abstract void sendLoop();

  /** Stops the senders and waits up to {@code millis} for each. */
  protected final void stopSenders(long millis) throws InterruptedException {
    running = false;
    for (Thread sender : senders) {
      sender.join(millis);
    }
  }

  protected final void shutdownProducer() {
    if (producer != null) {
      producer.shutdown();
    }
  }
}
