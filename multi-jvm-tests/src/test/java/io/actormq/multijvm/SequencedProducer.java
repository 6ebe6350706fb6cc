package io.actormq.multijvm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official producer sending numbered messages ({@code seq-<n>}), one synchronous send at a
 * time, on a thread of its own, whatever happens to the brokers meanwhile. It records every
 * acknowledged send ({@link SendStatus#SEND_OK}) with the queue and offset the broker named; a send
 * that fails, times out or is answered with any other status counts as not acknowledged, and the
 * next number follows.
 */
final class SequencedProducer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SequencedProducer.class);
  private static final String BODY_PREFIX = "seq-";

  // While the brokers are down every send fails at once (connection refused): without a pause the
  // thread would spin through numbers and starve the two cores the restarting broker needs.
  private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(50);

  /** An acknowledged send. */
  record Ack(long seq, QueueRef queue, long queueOffset) {}

  private final DefaultMQProducer producer;
  private final String topic;
  private final Thread thread;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final Object lock = new Object();
  private final List<Ack> acks = new ArrayList<>();
  private long failures;
  private Exception lastFailure;
  private Throwable died;

  private SequencedProducer(DefaultMQProducer producer, String topic) {
    this.producer = producer;
    this.topic = topic;
    this.thread = new Thread(this::run, "sequenced-producer-" + topic);
  }

  /** Starts the producer and its sending thread. */
  static SequencedProducer start(String namesrvAddr, String group, String topic)
      throws MQClientException {
    DefaultMQProducer producer = OfficialClients.producer(namesrvAddr, group);
    producer.start();
    SequencedProducer p = new SequencedProducer(producer, topic);
    p.thread.start();
    return p;
  }

  static String body(long seq) {
    return BODY_PREFIX + seq;
  }

  /** The number in a body this producer wrote, or -1 for any other body. */
  static long seqOf(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    return s.startsWith(BODY_PREFIX) ? Long.parseLong(s.substring(BODY_PREFIX.length())) : -1;
  }

  int ackCount() {
    synchronized (lock) {
      return acks.size();
    }
  }

  long failureCount() {
    synchronized (lock) {
      return failures;
    }
  }

  /** The acknowledged sends so far, in the order of their acknowledgements. */
  List<Ack> acks() {
    synchronized (lock) {
      return List.copyOf(acks);
    }
  }

  /** Waits until at least {@code count} sends were acknowledged. */
  void awaitAcks(int count, Duration timeout) throws InterruptedException {
    awaitCondition(() -> acks.size() >= count, timeout, count + " acknowledgements");
  }

  /**
   * Waits until at least {@code count} of the acknowledgements after the first {@code since} name
   * the broker {@code brokerName}.
   */
  void awaitAcksFrom(String brokerName, int since, int count, Duration timeout)
      throws InterruptedException {
    awaitCondition(
        () -> acksFrom(brokerName, since) >= count,
        timeout,
        count + " acknowledgements from " + brokerName + " after the first " + since);
  }

  /** How many of the acknowledgements after the first {@code since} name {@code brokerName}. */
  long acksFrom(String brokerName, int since) {
    synchronized (lock) {
      return acks.subList(Math.min(since, acks.size()), acks.size()).stream()
          .filter(a -> a.queue().brokerName().equals(brokerName))
          .count();
    }
  }

  /** Waits until at least {@code count} sends failed. */
  void awaitFailures(long count, Duration timeout) throws InterruptedException {
    awaitCondition(() -> failures >= count, timeout, count + " failed sends");
  }

  private interface Condition {
    boolean holds();
  }

  private void awaitCondition(Condition condition, Duration timeout, String what)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    synchronized (lock) {
      while (!condition.holds()) {
        if (died != null) {
          throw new AssertionError("the producer thread died", died);
        }
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
          throw new AssertionError(
              "no "
                  + what
                  + " within "
                  + timeout
                  + ": "
                  + acks.size()
                  + " acknowledged, "
                  + failures
                  + " failed, last failure: "
                  + lastFailure);
        }
        lock.wait(left);
      }
    }
  }

  private void run() {
    long seq = 0;
    try {
      while (stopRequested.getCount() > 0) {
        seq++;
        if (!sendOne(seq)) {
          stopRequested.await(PAUSE_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      synchronized (lock) {
        died = e;
        lock.notifyAll();
      }
      throw e;
    }
  }

  /** One send; true if it was acknowledged. */
  private boolean sendOne(long seq) throws InterruptedException {
    Message message = new Message(topic, "seq", body(seq).getBytes(StandardCharsets.UTF_8));
    try {
      SendResult result = producer.send(message);
      synchronized (lock) {
        if (result.getSendStatus() == SendStatus.SEND_OK) {
          acks.add(
              new Ack(
                  seq,
                  new QueueRef(
                      result.getMessageQueue().getBrokerName(),
                      result.getMessageQueue().getQueueId()),
                  result.getQueueOffset()));
        } else {
          failures++;
          lastFailure = new IllegalStateException("send status " + result.getSendStatus());
        }
        lock.notifyAll();
      }
      return result.getSendStatus() == SendStatus.SEND_OK;
    } catch (MQClientException | RemotingException | MQBrokerException e) {
      synchronized (lock) {
        failures++;
        lastFailure = e;
        lock.notifyAll();
      }
      log.debug("send of {} failed: {}", seq, e.toString());
      return false;
    }
  }

  /** Stops sending (a send in progress completes or fails first) and shuts the producer down. */
  @Override
  public void close() {
    stopRequested.countDown();
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
    producer.shutdown();
  }
}
