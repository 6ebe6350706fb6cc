package io.actormq.bench.reactive;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.actormq.broker.Node;
import io.actormq.client.ActorMqClient;
import io.actormq.client.ConsumerSettings;
import io.actormq.client.Message;
import io.actormq.client.ProducerSettings;
import io.actormq.client.ReactiveConsumer;
import io.actormq.client.ReactiveProducer;
import io.actormq.client.ReceivedMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer throughput on one backlog: the reactive consumer against the official push consumer,
 * each reading the whole backlog from the first offset in a fresh group, alternately, on the same
 * node. Time runs from the first message to the last, so start-up and rebalance waits are not
 * counted. With {@code node=local} (the default) the node runs in this JVM, shared by both
 * consumers alike; {@code node=host:port} uses a running one ({@code bin/actormq start}).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.actormq.bench.reactive.ConsumerThroughput \
 *     [node=local] [messages=200000] [bytes=128] [rounds=5]
 * </pre>
 */
public final class ConsumerThroughput {

  private static final Logger log = LoggerFactory.getLogger(ConsumerThroughput.class);

  private ConsumerThroughput() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      opts.put(a.substring(0, eq), a.substring(eq + 1));
    }
    String where = opts.getOrDefault("node", "local");
    int messages = Integer.parseInt(opts.getOrDefault("messages", "200000"));
    int bytes = Integer.parseInt(opts.getOrDefault("bytes", "128"));
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "5"));
    Path home = null;
    Node node = null;
    String namesrv = where;
    if (where.equals("local")) {
      home = Files.createTempDirectory("actormq-consumer-bench");
      node = startNode(home);
      namesrv = node.advertisedAddress();
    }
    try {
      run(namesrv, messages, bytes, rounds);
    } finally {
      if (node != null) {
        node.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        deleteTree(home);
      }
    }
  }

  private static void run(String namesrv, int messages, int bytes, int rounds) throws Exception {
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

  private static Node startNode(Path home) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("actormq.home", home.toString());
    settings.put("actormq.broker.host", "127.0.0.1");
    settings.put("actormq.broker.port", 0);
    settings.put("actormq.persistence.journal.dir", home.resolve("meta/journal").toString());
    settings.put(
        "actormq.persistence.snapshot-store.dir", home.resolve("meta/snapshots").toString());
    Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
    return Node.start(config);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
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
            log.error("reactive consumer failed", t);
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
