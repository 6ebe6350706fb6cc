package io.actormq.broker.e2e;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.actormq.broker.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A real node on 127.0.0.1 and a free port, with its own data directory. */
final class BrokerFixture implements AutoCloseable {

  final Path home;
  final Map<String, Object> overrides;
  Node node;

  BrokerFixture(Map<String, Object> extra) throws IOException {
    this.home = Files.createTempDirectory("actormq-e2e");
    this.overrides = new HashMap<>(extra);
    start();
  }

  static BrokerFixture start(Map<String, Object> extra) throws IOException {
    return new BrokerFixture(extra);
  }

  void start() {
    Map<String, Object> settings = new HashMap<>(overrides);
    settings.put("actormq.home", home.toString());
    settings.put("actormq.broker.host", "127.0.0.1");
    settings.putIfAbsent("actormq.broker.port", 0);
    settings.put("actormq.persistence.journal.dir", home.resolve("meta/journal").toString());
    settings.put(
        "actormq.persistence.snapshot-store.dir", home.resolve("meta/snapshots").toString());
    Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
    node = Node.start(config);
  }

  /** Stops the node and starts a new one on the same data directory and port. */
  void restart() {
    int port = node.boundAddress().getPort();
    stopNode();
    overrides.put("actormq.broker.port", port);
    start();
  }

  String namesrvAddr() {
    return node.advertisedAddress();
  }

  void stopNode() {
    node.stop().toCompletableFuture().join();
  }

  @Override
  public void close() throws IOException {
    stopNode();
    try (Stream<Path> files = Files.walk(home)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
