package io.actormq.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Fresh directories and the plugin configuration for one test run. */
final class TckDirs {

  private TckDirs() {}

  static Path newTempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Both plugins enabled, storing under {@code root}; small segments keep the test light. */
  static Config pluginConfig(Path root) {
    return ConfigFactory.parseString(
            "pekko.persistence.journal.plugin = \"actormq.persistence.journal\"\n"
                + "pekko.persistence.snapshot-store.plugin = \"actormq.persistence.snapshot-store\"\n"
                + "actormq.persistence.journal.segment-size = 4MiB\n"
                + "actormq.persistence.journal.index-entries-per-file = 4096\n")
        .withFallback(
            ConfigFactory.parseMap(
                java.util.Map.of(
                    "actormq.persistence.journal.dir", root.resolve("journal").toString(),
                    "actormq.persistence.snapshot-store.dir",
                        root.resolve("snapshots").toString())))
        .withFallback(ConfigFactory.load());
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
