package io.actormq.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.SerializeType;
import java.net.ServerSocket;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemotingConnectionTest {

  private AsynchronousChannelGroup group;
  private ScheduledExecutorService timer;
  private final BlockingQueue<RemotingCommand> inbound = new LinkedBlockingQueue<>();

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

  private RemotingConnection connect(TestServer server) throws Exception {
    return RemotingConnection.connect(
            server.address(),
            group,
            timer,
            (c, request) -> inbound.add(request),
            SerializeType.JSON,
            2000)
        .get(5, TimeUnit.SECONDS);
  }

  private static RemotingCommand request(int code) {
    return RemotingCommand.request(code, 0, Map.of("k", "v" + code), null);
  }

  @Test
  void responsesFindTheirRequestsByOpaqueInAnyOrder() throws Exception {
    try (TestServer server = new TestServer(0)) {
      RemotingConnection c = connect(server);
      CompletableFuture<RemotingCommand> first = c.invoke(request(11), 5000);
      CompletableFuture<RemotingCommand> second = c.invoke(request(14), 5000);
      RemotingCommand r1 = server.next();
      RemotingCommand r2 = server.next();
      assertThat(r1.opaque()).isNotEqualTo(r2.opaque());
      server.send(RemotingCommand.responseTo(r2, 0, "second"));
      server.send(RemotingCommand.responseTo(r1, 0, "first"));
      assertThat(first.get(5, TimeUnit.SECONDS).remark()).isEqualTo("first");
      assertThat(second.get(5, TimeUnit.SECONDS).remark()).isEqualTo("second");
      c.close();
    }
  }

  @Test
  void anUnansweredRequestTimesOutAndALateResponseIsDropped() throws Exception {
    try (TestServer server = new TestServer(0)) {
      RemotingConnection c = connect(server);
      CompletableFuture<RemotingCommand> f = c.invoke(request(11), 100);
      RemotingCommand seen = server.next();
      assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TimeoutException.class);
      server.send(RemotingCommand.responseTo(seen, 0, "late"));
      // The connection still works after the stray response.
      CompletableFuture<RemotingCommand> next = c.invoke(request(14), 5000);
      server.send(RemotingCommand.responseTo(server.next(), 0, "ok"));
      assertThat(next.get(5, TimeUnit.SECONDS).remark()).isEqualTo("ok");
      c.close();
    }
  }

  @Test
  void aDroppedConnectionFailsWhatIsPendingAndCompletesClosed() throws Exception {
    try (TestServer server = new TestServer(0)) {
      RemotingConnection c = connect(server);
      CompletableFuture<RemotingCommand> pending = c.invoke(request(11), 60_000);
      server.next();
      server.disconnect();
      assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ConnectionClosedException.class);
      c.closed().get(5, TimeUnit.SECONDS);
      assertThat(c.isOpen()).isFalse();
      assertThat(c.invoke(request(14), 1000))
          .failsWithin(1, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(ConnectionClosedException.class);
    }
  }

  @Test
  void requestsFromTheNodeReachTheHandlerAndRepliesGoBack() throws Exception {
    try (TestServer server = new TestServer(0)) {
      RemotingConnection c = connect(server);
      server.send(
          RemotingCommand.request(
              RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, 77, Map.of("consumerGroup", "g"), null));
      RemotingCommand got = inbound.poll(5, TimeUnit.SECONDS);
      assertThat(got).isNotNull();
      assertThat(got.extField("consumerGroup")).isEqualTo("g");
      c.reply(RemotingCommand.responseTo(got, 0, "done"));
      RemotingCommand reply = server.next();
      assertThat(reply.isResponse()).isTrue();
      assertThat(reply.opaque()).isEqualTo(77);
      c.close();
    }
  }

  @Test
  void manyConcurrentRequestsAllGetTheirAnswer() throws Exception {
    try (TestServer server = new TestServer(0)) {
      RemotingConnection c = connect(server);
      int n = 500;
      CompletableFuture<?>[] all = new CompletableFuture<?>[n];
      for (int i = 0; i < n; i++) {
        int code = i;
        all[i] =
            CompletableFuture.supplyAsync(() -> c.invoke(request(code), 10_000))
                .thenCompose(f -> f)
                .thenAccept(r -> assertThat(r.remark()).isEqualTo("k=" + "v" + code));
      }
      for (int i = 0; i < n; i++) {
        RemotingCommand r = server.next();
        server.send(RemotingCommand.responseTo(r, 0, "k=" + r.extField("k")));
      }
      CompletableFuture.allOf(all).get(10, TimeUnit.SECONDS);
      c.close();
    }
  }

  @Test
  void connectingToANodeThatIsNotThereFails() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(
            RemotingConnection.connect(
                "127.0.0.1:" + port, group, timer, (c, r) -> {}, SerializeType.JSON, 2000))
        .failsWithin(5, TimeUnit.SECONDS);
  }
}
