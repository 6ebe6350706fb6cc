package io.actormq.bench.timer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.actormq.broker.Node;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * The timer's figures on a node running in this JVM, driven by the official client: how much heap a
 * million pending timed messages take, and how late timed messages are delivered under a steady
 * rate.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.actormq.bench.timer.TimerBench \
 *     [pending=1000000] [due=20000] [rate=1000] [size=128]
 * </pre>
 *
 * <p>Heap is measured after a full GC before and after parking {@code pending} messages due in ten
 * minutes; it includes whatever the client keeps, so it bounds the timer's share from above.
 * Lateness is the destination's store time minus the due time (the broker's own lateness), and the
 * consumer's receive time minus the due time (including the long poll back to the client).
 */
public final class TimerBench {

  private TimerBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      opts.put(a.substring(0, eq), a.substring(eq + 1));
    }
    int pending = Integer.parseInt(opts.getOrDefault("pending", "1000000"));
    int dueCount = Integer.parseInt(opts.getOrDefault("due", "20000"));
    int rate = Integer.parseInt(opts.getOrDefault("rate", "1000"));
    int size = Integer.parseInt(opts.getOrDefault("size", "128"));

    Path home = Files.createTempDirectory("actormq-timer-bench");
    Node node = startNode(home);
    DefaultMQProducer producer = new DefaultMQProducer("timer-bench-producer");
    producer.setNamesrvAddr(node.advertisedAddress());
    producer.setInstanceName("timer-bench-" + ProcessHandle.current().pid());
    producer.start();
    DefaultMQPushConsumer consumer = null;
    try {
      byte[] body = new byte[size];
      // Warm up the path (topic creation, connections) before the baseline.
      producer.send(new Message("TimerBenchPending", body));
      long baseline = heapAfterGc();
      long start = System.currentTimeMillis();
      parkPending(producer, pending, body, start);
      long parkMillis = System.currentTimeMillis() - start;
      long loaded = heapAfterGc();
      double heapMiB = (loaded - baseline) / (1024.0 * 1024.0);
      System.out.printf(
          "parked %,d timed messages in %.1f s (%,.0f msg/s); heap +%.1f MiB after GC%n",
          pending, parkMillis / 1000.0, pending * 1000.0 / parkMillis, heapMiB);

      Histogram broker = new Histogram(3_600_000, 3);
      Histogram received = new Histogram(3_600_000, 3);
      CountDownLatch all = new CountDownLatch(dueCount);
      consumer = new DefaultMQPushConsumer("timer-bench-consumer");
      consumer.setNamesrvAddr(node.advertisedAddress());
      consumer.setInstanceName("timer-bench-consumer-" + ProcessHandle.current().pid());
      consumer.subscribe("TimerBenchDue", "*");
      consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
      consumer.registerMessageListener(
          (MessageListenerConcurrently)
              (msgs, ctx) -> {
                long now = System.currentTimeMillis();
                for (MessageExt m : msgs) {
                  long due = Long.parseLong(m.getProperty("TIMER_OUT_MS"));
                  synchronized (broker) {
                    broker.recordValue(Math.max(0, m.getStoreTimestamp() - due));
                    received.recordValue(Math.max(0, now - due));
                  }
                  all.countDown();
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
              });
      consumer.start();
      sendDueAtRate(producer, dueCount, rate, body);
      if (!all.await(dueCount / Math.max(1, rate) + 120, TimeUnit.SECONDS)) {
        System.out.printf(
            "only %,d of %,d due messages arrived%n", dueCount - all.getCount(), dueCount);
      }
      synchronized (broker) {
        System.out.printf(
            "lateness of %,d timed messages at %,d msg/s (ms): broker p50 %d p99 %d p99.9 %d max %d;"
                + " at the consumer p50 %d p99 %d max %d%n",
            broker.getTotalCount(),
            rate,
            broker.getValueAtPercentile(50),
            broker.getValueAtPercentile(99),
            broker.getValueAtPercentile(99.9),
            broker.getMaxValue(),
            received.getValueAtPercentile(50),
            received.getValueAtPercentile(99),
            received.getMaxValue());
        System.out.printf(
            "RESULT {\"bench\":\"timer\",\"pending\":%d,\"heapMiB\":%.1f,\"parkRate\":%.0f,"
                + "\"latenessP50\":%d,\"latenessP99\":%d,\"latenessMax\":%d,"
                + "\"receiveLatenessP99\":%d}%n",
            pending,
            heapMiB,
            pending * 1000.0 / parkMillis,
            broker.getValueAtPercentile(50),
            broker.getValueAtPercentile(99),
            broker.getMaxValue(),
            received.getValueAtPercentile(99));
      }
    } finally {
      if (consumer != null) {
        consumer.shutdown();
      }
      producer.shutdown();
      node.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      deleteTree(home);
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

  /** Parks {@code n} messages due in ten minutes, spread over a minute, with bounded in-flight. */
  private static void parkPending(DefaultMQProducer producer, int n, byte[] body, long start)
      throws Exception {
    Semaphore window = new Semaphore(1024);
    AtomicLong failures = new AtomicLong();
    for (int i = 0; i < n; i++) {
      Message m = new Message("TimerBenchPending", body);
      m.setDeliverTimeMs(start + 600_000 + (i % 60_000));
      window.acquire();
      producer.send(
          m,
          new SendCallback() {
            @Override
            public void onSuccess(SendResult sendResult) {
              window.release();
            }

            @Override
            public void onException(Throwable e) {
              failures.incrementAndGet();
              window.release();
            }
          });
      if ((i + 1) % 100_000 == 0) {
        System.out.printf("  parked %,d%n", i + 1);
      }
    }
    window.acquire(1024);
    if (failures.get() > 0) {
      System.out.printf("  %,d sends failed%n", failures.get());
    }
  }

  /** Sends {@code n} messages due two seconds after sending, at {@code rate} per second. */
  private static void sendDueAtRate(DefaultMQProducer producer, int n, int rate, byte[] body)
      throws Exception {
    long startNanos = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long at = startNanos + (long) i * 1_000_000_000L / rate;
      while (System.nanoTime() < at) {
        Thread.onSpinWait();
      }
      Message m = new Message("TimerBenchDue", body);
      m.setDelayTimeMs(2_000);
      producer.sendOneway(m);
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
