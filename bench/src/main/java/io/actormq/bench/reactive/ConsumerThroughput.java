package io.actormq.bench.reactive;

import io.actormq.client.ActorMqClient;
import io.actormq.client.ConsumerSettings;
import io.actormq.client.Message;
import io.actormq.client.ProducerSettings;
import io.actormq.client.ReactiveConsumer;
import io.actormq.client.ReactiveProducer;
import io.actormq.client.ReceivedMessage;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Consumer throughput on one backlog: the reactive consumer against the official push consumer,
 * each reading the whole backlog from the first offset in a fresh group, alternately, on the same
 * running node. Time runs from the first message to the last, so start-up and rebalance waits are
 * not counted. Run against a node started with {@code bin/actormq start}:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.actormq.bench.reactive.ConsumerThroughput \
 *     127.0.0.1:9876 [messages=100000] [bytes=128] [rounds=3]
 * </pre>
 */
public final class ConsumerThroughput {

  private ConsumerThroughput() {}

  public static void main(String[] args) throws Exception {
    String namesrv = args.length > 0 ? args[0] : "127.0.0.1:9876";
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int bytes = args.length > 2 ? Integer.parseInt(args[2]) : 128;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    String topic = "bench-backlog-" + System.currentTimeMillis();

    try (ActorMqClient client = ActorMqClient.start(namesrv)) {
      long fillStart = System.nanoTime();
      fill(client, topic, messages, bytes);
      double fillSecs = (System.nanoTime() - fillStart) / 1e9;
      System.out.printf(
          "backlog: %d x %d B on %s in %.1f s (%.0f msg/s, reactive producer)%n",
          messages, bytes, topic, fillSecs, messages / fillSecs);

      double[] reactive = new double[rounds];
      double[] official = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        reactive[r] = reactive(client, topic, messages, "bench-rx-" + r + "-" + System.nanoTime());
        official[r] =
            official(namesrv, topic, messages, "bench-rmq-" + r + "-" + System.nanoTime());
        System.out.printf(
            "round %d: reactive %.0f msg/s, official push %.0f msg/s%n",
            r + 1, reactive[r], official[r]);
      }
      System.out.printf(
          "median: reactive %.0f msg/s, official push %.0f msg/s%n",
          median(reactive), median(official));
    }
  }

  private static void fill(ActorMqClient client, String topic, int n, int bytes) {
    ReactiveProducer producer =
        client.producer(ProducerSettings.of("bench-fill").withMaxInFlight(512).withBatchSize(32));
    byte[] body = new byte[bytes];
    Arrays.fill(body, (byte) 'x');
    AtomicLong failed = new AtomicLong();
    ReactiveProducer.SendSubscriber sink =
        producer.subscriber(
            r -> {
              if (!r.isSuccess()) {
                failed.incrementAndGet();
              }
            });
    sink.onSubscribe(new Countdown(sink, topic, body, n));
    sink.completion().join();
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " sends failed");
    }
  }

  /** Hands out {@code n} messages on demand, synchronously. */
  private static final class Countdown implements Subscription {
    private final Subscriber<Message> target;
    private final String topic;
    private final byte[] body;
    private long left;
    private boolean done;

    Countdown(Subscriber<Message> target, String topic, byte[] body, long n) {
      this.target = target;
      this.topic = topic;
      this.body = body;
      this.left = n;
    }

    @Override
    public synchronized void request(long n) {
      for (long i = 0; i < n && left > 0; i++, left--) {
        target.onNext(Message.of(topic, body));
      }
      if (left == 0 && !done) {
        done = true;
        target.onComplete();
      }
    }

    @Override
    public void cancel() {}
  }

  private static double reactive(ActorMqClient client, String topic, int n, String group)
      throws Exception {
    ReactiveConsumer consumer =
        client.consumer(
            ConsumerSettings.of(group, topic)
                .withConsumeFrom(ConsumerSettings.ConsumeFrom.FIRST_OFFSET, 0));
    CountDownLatch done = new CountDownLatch(1);
    long[] first = new long[1];
    long[] last = new long[1];
    CompletableFuture<Subscription> sub = new CompletableFuture<>();
    consumer.subscribe(
        new Subscriber<>() {
          private Subscription s;
          private long seen;

          @Override
          public void onSubscribe(Subscription s) {
            this.s = s;
            sub.complete(s);
            s.request(256);
          }

          @Override
          public void onNext(ReceivedMessage m) {
            if (seen++ == 0) {
              first[0] = System.nanoTime();
            }
            m.ack();
            if (seen == n) {
              last[0] = System.nanoTime();
              done.countDown();
            }
            // Top demand up in chunks, as an operator like Reactor's limitRate does.
            if (seen % 128 == 0) {
              s.request(128);
            }
          }

          @Override
          public void onError(Throwable t) {
            t.printStackTrace();
            done.countDown();
          }

          @Override
          public void onComplete() {}
        });
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("reactive consumer did not finish");
    }
    sub.join().cancel();
    consumer.terminated().get(30, TimeUnit.SECONDS);
    return rate(n, first[0], last[0]);
  }

  private static double official(String namesrv, String topic, int n, String group)
      throws Exception {
    DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
    consumer.setNamesrvAddr(namesrv);
    consumer.setInstanceName(group);
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(topic, "*");
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong seen = new AtomicLong();
    long[] first = new long[1];
    long[] last = new long[1];
    consumer.registerMessageListener(
        (MessageListenerConcurrently)
            (msgs, ctx) -> {
              long before = seen.getAndAdd(msgs.size());
              if (before == 0) {
                first[0] = System.nanoTime();
              }
              if (before < n && before + msgs.size() >= n) {
                last[0] = System.nanoTime();
                done.countDown();
              }
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    consumer.start();
    try {
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("official consumer did not finish");
      }
    } finally {
      consumer.shutdown();
    }
    return rate(n, first[0], last[0]);
  }

  private static double rate(int n, long first, long last) {
    return (n - 1) / ((last - first) / 1e9);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
