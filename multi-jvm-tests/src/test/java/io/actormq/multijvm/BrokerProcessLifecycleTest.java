package io.actormq.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness itself: nodes started side by side, graceful stop, restart on the same port and data,
 * the orphan guard.
 */
@Tag("slow")
class BrokerProcessLifecycleTest {

  private static final int SUCCESS = 0;

  @RegisterExtension final BrokerProcesses brokers = new BrokerProcesses();

  @Test
  void startsTogetherStopsOnSigtermRestartsInPlaceAndHaltsWhenOrphaned() throws Exception {
    BrokerProcess a = brokers.create("a", Map.of());
    BrokerProcess b = brokers.create("b", Map.of());
    brokers.startAll(List.of(a, b));
    assertThat(a.isAlive()).isTrue();
    assertThat(b.isAlive()).isTrue();
    assertThat(a.port()).isNotEqualTo(b.port()).isNotIn(a.arteryPort(), b.arteryPort());
    assertThat(a.dataDir()).isNotEqualTo(b.dataDir());

    int port = a.port();
    assertThat(a.stop()).as("exit code after SIGTERM").isIn(0, 143);
    assertThat(a.isAlive()).isFalse();
    a.restart();
    assertThat(a.port()).isEqualTo(port);
    assertThat(
            RemotingProbe.routeInfoCode(
                new InetSocketAddress(FreePorts.LOOPBACK, port), Duration.ofSeconds(10)))
        .isEqualTo(SUCCESS);

    assertThat(b.orphan()).as("exit code of a broker whose parent is gone").isEqualTo(3);
    assertThat(a.isAlive()).isTrue();
  }
}
