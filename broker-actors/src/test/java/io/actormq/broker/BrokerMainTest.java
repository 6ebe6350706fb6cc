package io.actormq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerMainTest {

  @TempDir Path tmp;

  static Config load(String... args) {
    return BrokerMain.load(BrokerMain.Arguments.parse(List.of(args)));
  }

  @Test
  void argumentsBeatSystemPropertiesWhichBeatTheConfigFile() throws Exception {
    Path file = tmp.resolve("broker.conf");
    Files.writeString(
        file,
        """
        actormq.broker.port = 999
        actormq.topics.auto-create = off
        actormq.broker.cluster-name = FromFile
        actormq.broker.broker-name = FromFile
        """);
    Path data = tmp.resolve("data");
    System.setProperty("actormq.broker.cluster-name", "FromSystemProperty");
    ConfigFactory.invalidateCaches();
    Config config;
    try {
      config =
          load(
              "--port",
              "1234",
              "--data",
              data.toString(),
              "--config=" + file,
              "-Dactormq.topics.default-queues=4");
    } finally {
      System.clearProperty("actormq.broker.cluster-name");
      ConfigFactory.invalidateCaches();
    }

    assertThat(config.getInt("actormq.broker.port")).isEqualTo(1234);
    assertThat(config.getInt("actormq.topics.default-queues")).isEqualTo(4);
    assertThat(config.getString("actormq.broker.cluster-name")).isEqualTo("FromSystemProperty");
    assertThat(config.getString("actormq.broker.broker-name")).isEqualTo("FromFile");
    assertThat(config.getBoolean("actormq.topics.auto-create")).isFalse();
    assertThat(config.getString("actormq.home")).isEqualTo(data.toAbsolutePath().toString());
    // Paths derived from actormq.home in reference.conf follow --data.
    assertThat(config.getString("actormq.persistence.journal.dir"))
        .isEqualTo(data.toAbsolutePath() + "/meta/journal");
  }

  @Test
  void withoutArgumentsTheDefaultsApply() {
    Config config = load();

    assertThat(config.getString("actormq.broker.host")).isEqualTo("127.0.0.1");
    assertThat(config.getInt("actormq.broker.port")).isEqualTo(9876);
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> load("--bogus")).hasMessageContaining("unknown argument '--bogus'");
    assertThatThrownBy(() -> load("--port")).hasMessageContaining("--port needs a value");
    assertThatThrownBy(() -> load("--port", "x")).hasMessageContaining("needs a number");
    assertThatThrownBy(() -> load("--port", "70000")).hasMessageContaining("0..65535");
    assertThatThrownBy(() -> load("--config", tmp.resolve("missing.conf").toString()))
        .hasMessageContaining("missing.conf");
  }

  @Test
  void theVersionComesFromTheBuild() {
    assertThat(BrokerMain.version()).isNotBlank().doesNotContain("${").doesNotContain("unknown");
  }
}
