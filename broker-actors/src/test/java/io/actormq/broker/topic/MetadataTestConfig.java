package io.actormq.broker.topic;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test ActorSystem configuration: broker-actors' reference.conf (journal plugins, serialization
 * bindings) with a local provider and the journal under {@code dir}.
 */
public final class MetadataTestConfig {

  private MetadataTestConfig() {}

  public static Config withJournalIn(Path dir) {
    return ConfigFactory.parseMap(
            Map.of(
                "actormq.persistence.journal.dir", dir.resolve("journal").toString(),
                "actormq.persistence.snapshot-store.dir", dir.resolve("snapshots").toString()))
        .withFallback(local())
        .resolve();
  }

  /** No cluster and no JVM exit on shutdown (reference.conf sets both for the real node). */
  public static Config local() {
    return ConfigFactory.parseString(
            """
            pekko.actor.provider = local
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            """)
        .withFallback(ConfigFactory.load());
  }
}
