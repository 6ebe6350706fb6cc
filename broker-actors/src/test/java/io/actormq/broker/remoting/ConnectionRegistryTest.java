package io.actormq.broker.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.protocol.remoting.RemotingCommand;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {

  record Fake(long id) implements ClientConnection {
    @Override
    public InetSocketAddress remoteAddress() {
      return new InetSocketAddress("127.0.0.1", 40000 + (int) id);
    }

    @Override
    public boolean send(RemotingCommand command) {
      return true;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  final ConnectionRegistry registry = new ConnectionRegistry();

  Fake open() {
    Fake c = new Fake(registry.nextConnectionId());
    registry.register(c);
    return c;
  }

  @Test
  void heartbeatsBindClientsAndGroupsToTheirConnection() {
    Fake a = open();
    Fake b = open();

    assertThat(registry.bind(a.id(), "c1", Set.of("pg"), Set.of("cg1", "cg2"))).isTrue();
    assertThat(registry.bind(b.id(), "c2", Set.of(), Set.of("cg2"))).isTrue();

    assertThat(registry.connectionOfClient("c1")).contains(a);
    assertThat(registry.connectionsOfProducerGroup("pg")).containsExactly(a);
    assertThat(registry.connectionsOfConsumerGroup("cg2")).containsExactlyInAnyOrder(a, b);
    assertThat(registry.connectionsOfConsumerGroup("nobody")).isEmpty();
    assertThat(registry.size()).isEqualTo(2);
  }

  @Test
  void aLaterHeartbeatReplacesTheGroups() {
    Fake a = open();
    registry.bind(a.id(), "c1", Set.of("pg"), Set.of("cg1"));

    registry.bind(a.id(), "c1", Set.of(), Set.of("cg2"));

    assertThat(registry.connectionsOfProducerGroup("pg")).isEmpty();
    assertThat(registry.connectionsOfConsumerGroup("cg1")).isEmpty();
    assertThat(registry.clientsOf(a.id()).get("c1").consumerGroups()).containsExactly("cg2");
  }

  @Test
  void aReconnectedClientMovesToItsNewConnection() {
    Fake old = open();
    Fake fresh = open();
    registry.bind(old.id(), "c1", Set.of(), Set.of("cg"));

    registry.bind(fresh.id(), "c1", Set.of(), Set.of("cg"));

    assertThat(registry.connectionOfClient("c1")).contains(fresh);
    assertThat(registry.clientsOf(old.id())).isEmpty();
    assertThat(registry.connectionsOfConsumerGroup("cg")).containsExactly(fresh);
  }

  @Test
  void unregisteringAClientRemovesGroupsThenTheClient() {
    Fake a = open();
    registry.bind(a.id(), "c1", Set.of("pg"), Set.of("cg"));

    assertThat(registry.unbind("c1", "pg", null)).isTrue();
    assertThat(registry.connectionsOfProducerGroup("pg")).isEmpty();
    assertThat(registry.connectionOfClient("c1")).contains(a);

    assertThat(registry.unbind("c1", null, "cg")).isTrue();
    assertThat(registry.connectionOfClient("c1")).isEmpty();
    assertThat(registry.unbind("c1", null, "cg")).isFalse();
  }

  @Test
  void bindingToAClosedConnectionIsIgnored() {
    Fake a = open();
    registry.unregister(a.id());

    assertThat(registry.bind(a.id(), "c1", Set.of(), Set.of("cg"))).isFalse();
    assertThat(registry.connectionOfClient("c1")).isEmpty();
  }

  @Test
  void closeListenersHearWhatAConnectionServedEvenIfOneOfThemFails() {
    List<ConnectionRegistry.ClosedConnection> heard = new ArrayList<>();
    registry.addCloseListener(
        closed -> {
          throw new IllegalStateException("a broken listener (expected by the test)");
        });
    registry.addCloseListener(heard::add);
    Fake a = open();
    registry.bind(a.id(), "c1", Set.of("pg"), Set.of());

    assertThat(registry.unregister(a.id())).isPresent();
    assertThat(registry.unregister(a.id())).isEmpty();

    assertThat(heard).hasSize(1);
    assertThat(heard.get(0).connectionId()).isEqualTo(a.id());
    assertThat(heard.get(0).clientIds()).containsExactly("c1");
    assertThat(registry.connectionOfClient("c1")).isEmpty();
    assertThat(registry.connection(a.id())).isEmpty();
  }
}
