package io.actormq.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.SerializeType;
import java.net.ServerSocket;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {

  private AsynchronousChannelGroup group;
  private ScheduledExecutorService timer;
  private final List<String> connects = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    group = AsynchronousChannelGroup.withFixedThreadPool(1, Executors.defaultThreadFactory());
    timer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void tearDown() {
    group.shutdown();
    timer.shutdownNow();
  }

  private ConnectionPool pool(long backoffMillis) {
    return new ConnectionPool(
        group,
        timer,
        (c, r) -> {},
        SerializeType.JSON,
        2000,
        backoffMillis,
        backoffMillis * 4,
        c -> connects.add(c.address()));
  }

  @Test
  void oneConnectionPerAddressReopenedAfterItEnds() throws Exception {
    try (ConnectionPool pool = pool(10)) {
      // Not in the try's resources: the test closes it half way to end the connection.
      TestServer server = new TestServer(0);
      RemotingConnection a = pool.get(server.address()).get(5, TimeUnit.SECONDS);
      RemotingConnection b = pool.get(server.address()).get(5, TimeUnit.SECONDS);
      assertThat(b).isSameAs(a);
      assertThat(pool.connectedAddresses()).containsExactly(server.address());
      int port = server.port();
      server.close();
      a.closed().get(5, TimeUnit.SECONDS);
      try (TestServer again = new TestServer(port)) {
        RemotingConnection c = pool.get(again.address()).get(5, TimeUnit.SECONDS);
        assertThat(c).isNotSameAs(a);
        assertThat(c.isOpen()).isTrue();
        CompletableFuture<RemotingCommand> reply =
            pool.invoke(again.address(), RemotingCommand.request(14, 0, Map.of(), null), 5000);
        again.send(RemotingCommand.responseTo(again.next(), 0, "ok"));
        assertThat(reply.get(5, TimeUnit.SECONDS).remark()).isEqualTo("ok");
      }
      assertThat(connects).hasSize(2);
    }
  }

  @Test
  void failedConnectsBackOffAndAWaitingRequestGetsTheNodeOnceItIsBack() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    try (ConnectionPool pool = pool(1000)) {
      assertThat(pool.get(address)).failsWithin(5, TimeUnit.SECONDS);
      // Within the backoff the next attempt is scheduled, not made: the caller waits.
      CompletableFuture<RemotingConnection> waiting = pool.get(address);
      assertThat(waiting).isNotDone();
      try (TestServer server = new TestServer(port)) {
        assertThat(waiting.get(5, TimeUnit.SECONDS).address()).isEqualTo(server.address());
        assertThat(waiting.join().isOpen()).isTrue();
      }
    }
  }

  @Test
  void aClosedPoolRefusesAndClosesItsConnections() throws Exception {
    try (TestServer server = new TestServer(0)) {
      ConnectionPool pool = pool(10);
      RemotingConnection c = pool.get(server.address()).get(5, TimeUnit.SECONDS);
      pool.close();
      c.closed().get(5, TimeUnit.SECONDS);
      assertThat(pool.get(server.address())).failsWithin(1, TimeUnit.SECONDS);
    }
  }
}
