package io.actormq.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

  private static ClusterSettings parse(String hocon) {
    return ClusterSettings.from(
        ConfigFactory.parseString(hocon)
            .withFallback(ConfigFactory.parseString("cluster.shards-per-broker = 8")));
  }

  @Test
  void seedsComeAsAListOrAsOneCommaSeparatedString() {
    assertThat(parse("cluster.seed-nodes = [\"10.0.0.1:2551\", \"10.0.0.2:2551\"]").seedNodes())
        .containsExactly("10.0.0.1:2551", "10.0.0.2:2551");
    assertThat(parse("cluster.seed-nodes = \" 10.0.0.1:2551 ,10.0.0.2:2551,\"").seedNodes())
        .containsExactly("10.0.0.1:2551", "10.0.0.2:2551");
    assertThat(parse("cluster.seed-nodes = []").singleNode()).isTrue();
  }

  @Test
  void aSeedWithoutAPortIsRefusedByName() {
    assertThatThrownBy(() -> parse("cluster.seed-nodes = \"10.0.0.1\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'10.0.0.1' is not host:port");
    assertThatThrownBy(() -> parse("cluster.seed-nodes = \"10.0.0.1:x\""))
        .hasMessageContaining("no numeric port");
  }

  @Test
  void brokerNamesAreCheckedBecauseTheyBecomeIdsAndRoles() {
    assertThat(BrokerRoles.checkName("broker-a_1.x")).isNull();
    assertThat(BrokerRoles.checkName("a/b")).contains("must be 1 to 64");
    assertThat(BrokerRoles.checkName("")).isNotNull();
  }
}
