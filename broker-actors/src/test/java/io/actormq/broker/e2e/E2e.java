package io.actormq.broker.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.RPCHook;

/**
 * What the end-to-end tests share: node settings and official clients with their timers turned
 * down, so that a test waits for events, not for a 20 s or 30 s client tick.
 */
final class E2e {

  static {
    // The client reads these once, when its classes load; surefire sets the rebalance timers too
    // (pom.xml), so whichever test runs first in the JVM, the values are these.
    //  - RebalanceService waits 20 s between rebalances by default (the lite pull consumer's first
    //    pull waits for one), and at least 1 s even when woken, e.g. by the broker's notice that
    //    the group changed.
    System.setProperty("rocketmq.client.rebalance.waitInterval", "1000");
    System.setProperty("rocketmq.client.rebalance.minInterval", "100");
    try {
      // BROADCASTING consumers keep their offsets in files named after the client id, by default
      // under ~/.rocketmq_offsets: each run starts from a fresh directory, or a consumer would
      // resume from a previous run's offsets on a new node.
      Path offsets = Files.createTempDirectory("actormq-e2e-offsets");
      System.setProperty("rocketmq.client.localOffsetStoreDir", offsets.toString());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(offsets)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // At JVM exit there is no one left to tell but stderr; a stray temp directory is harmless.
      System.err.println("could not delete " + root + ": " + e);
    }
  }

  /** The bound of every wait for something that normally takes milliseconds to a few seconds. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private E2e() {}

  /** Node settings for tests: clients that stop heartbeating leave their groups quickly. */
  static Map<String, Object> nodeSettings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("actormq.clients.expiry", "10s");
    settings.put("actormq.clients.expiry-check-interval", "1s");
    settings.put("actormq.storage.offsets-flush-interval", "200ms");
    return settings;
  }

  static Map<String, Object> nodeSettings(Map<String, Object> extra) {
    Map<String, Object> settings = nodeSettings();
    settings.putAll(extra);
    return settings;
  }

  static DefaultMQProducer producer(BrokerFixture broker, String group) {
    DefaultMQProducer producer = new DefaultMQProducer(group);
    configure(producer, broker);
    // The 3 s default is tight for 4 MiB sends on a busy 2-core machine.
    producer.setSendMsgTimeout(10_000);
    return producer;
  }

  /**
   * A push consumer (not started) with short timers: offsets reach the broker every 500 ms,
   * heartbeats go every second, and shutdown waits for listeners in progress, so that what they
   * consumed is committed.
   */
  static DefaultMQPushConsumer pushConsumer(BrokerFixture broker, String group, RPCHook hook) {
    DefaultMQPushConsumer consumer =
        hook == null ? new DefaultMQPushConsumer(group) : new DefaultMQPushConsumer(group, hook);
    configure(consumer, broker);
    consumer.setPersistConsumerOffsetInterval(500);
    consumer.setPullTimeDelayMillsWhenException(200);
    consumer.setAwaitTerminationMillisWhenShutdown(5_000);
    return consumer;
  }

  static DefaultMQPushConsumer pushConsumer(BrokerFixture broker, String group) {
    return pushConsumer(broker, group, null);
  }

  static DefaultLitePullConsumer litePullConsumer(BrokerFixture broker, String group) {
    DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
    configure(consumer, broker);
    consumer.setPersistConsumerOffsetInterval(500);
    consumer.setPullTimeDelayMillsWhenException(200);
    consumer.setAutoCommitIntervalMillis(1_000);
    consumer.setTopicMetadataCheckIntervalMillis(1_000);
    return consumer;
  }

  private static void configure(ClientConfig client, BrokerFixture b) {
    client.setNamesrvAddr(b.namesrvAddr());
    // One client instance (connection, clientId) per producer or consumer, as separate processes
    // would have; otherwise two consumers of one group in this JVM would be one member.
    client.setInstanceName(
        "e2e-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
    client.setHeartbeatBrokerInterval(1_000);
    client.setPollNameServerInterval(1_000);
  }

  static Message message(String topic, String tags, String body) {
    return new Message(topic, tags, body.getBytes(StandardCharsets.UTF_8));
  }

  static String body(MessageExt m) {
    return new String(m.getBody(), StandardCharsets.UTF_8);
  }

  static String bodyOf(Message m) {
    return new String(m.getBody(), StandardCharsets.UTF_8);
  }

  private static final List<CompletableFuture<Void>> SHUTDOWNS = new ArrayList<>();

  /**
   * Shuts clients down on another thread. A client's shutdown unregisters it at once but then may
   * idle for up to 3 s (its Netty event thread polls with a 3 s timeout); tests whose clients are
   * independent of the next test's need not wait for that. {@link #awaitShutdowns} joins them.
   */
  static void shutdownInBackground(Object... clients) {
    CompletableFuture<Void> done = CompletableFuture.runAsync(() -> shutdown(clients));
    synchronized (SHUTDOWNS) {
      SHUTDOWNS.add(done);
    }
  }

  /** Waits for the background shutdowns, before the node they talk to stops. */
  static void awaitShutdowns() throws Exception {
    List<CompletableFuture<Void>> pending;
    synchronized (SHUTDOWNS) {
      pending = List.copyOf(SHUTDOWNS);
      SHUTDOWNS.clear();
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Shuts clients down, in order. */
  static void shutdown(Object... clients) {
    for (Object c : clients) {
      if (c instanceof DefaultMQProducer p) {
        p.shutdown();
      } else if (c instanceof DefaultMQPushConsumer pc) {
        pc.shutdown();
      } else if (c instanceof DefaultLitePullConsumer lc) {
        lc.shutdown();
      } else if (c != null) {
        throw new IllegalArgumentException("not a client: " + c);
      }
    }
  }
}
