package io.actormq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerIdentityTest {

  @TempDir Path home;

  @Test
  void aNewDirectoryTakesTheNameAndKeepsAcceptingIt() throws Exception {
    BrokerIdentity.claim(home, "broker-a");
    BrokerIdentity.claim(home, "broker-a");
    assertThat(Files.readString(home.resolve(BrokerIdentity.FILE)).trim()).isEqualTo("broker-a");
  }

  @Test
  void aDirectoryOfAnotherBrokerIsRefusedWithBothNames() throws Exception {
    BrokerIdentity.claim(home, "broker-a");
    assertThatThrownBy(() -> BrokerIdentity.claim(home, "broker-b"))
        .isInstanceOf(NodeStartRefused.class)
        .hasMessageContaining("belongs to broker broker-a")
        .hasMessageContaining("not broker-b");
  }
}
