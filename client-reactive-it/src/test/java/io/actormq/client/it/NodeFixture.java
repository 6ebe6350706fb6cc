package io.actormq.client.it;

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
final class NodeFixture implements AutoCloseable {

  private final Path home;
  private final Map<String, Object> settings = new HashMap<>();
  private Node node;

  NodeFixture() throws IOException {
    home = Files.createTempDirectory("actormq-reactive-it");
    settings.put("actormq.home", home.toString());
    settings.put("actormq.broker.host", "127.0.0.1");
    settings.put("actormq.broker.port", 0);
    settings.put("actormq.persistence.journal.dir", home.resolve("meta/journal").toString());
    settings.put(
        "actormq.persistence.snapshot-store.dir", home.resolve("meta/snapshots").toString());
    start();
  }

  private void start() {
    Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
    node = Node.start(config);
  }

  String address() {
    return node.advertisedAddress();
  }

  /** Stops the node and starts it again on the same data and port. */
  void restart() {
    settings.put("actormq.broker.port", node.boundAddress().getPort());
    node.stop().toCompletableFuture().join();
    start();
  }

  @Override
  public void close() throws IOException {
    node.stop().toCompletableFuture().join();
    try (Stream<Path> files = Files.walk(home)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
