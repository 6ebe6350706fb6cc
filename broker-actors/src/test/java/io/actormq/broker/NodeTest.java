package io.actormq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.broker.remoting.TestClient;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.ResponseCode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole nodes: start on port 0 with a temp data dir, serve, drain on stop, release the port. */
class NodeTest {

  static final int ECHO = 9001;
  static final int HOLD = 9002;

  @TempDir Path tmp;

  static Config config(Path home, int port) {
    return ConfigFactory.parseMap(
            Map.of(
                "actormq.home", home.toString(),
                "actormq.broker.port", Integer.toString(port),
                "actormq.remoting.drain-timeout", "30s"))
        .withFallback(ConfigFactory.defaultReferenceUnresolved())
        .resolve();
  }

  static final RequestHandler ECHO_HANDLER =
      (req, conn) ->
          CompletableFuture.completedFuture(
              RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null, req.extFields(), null));

  @Test
  void startsOnAFreePortServesDrainsOnStopAndReleasesThePort() throws Exception {
    Path home = tmp.resolve("data");
    AtomicReference<NodeContext> seen = new AtomicReference<>();
    CompletableFuture<CompletableFuture<RemotingCommand>> held = new CompletableFuture<>();
    Node node =
        Node.start(
            config(home, 0),
            (ctx, handlers) -> {
              seen.set(ctx);
              handlers.handler(ECHO, ECHO_HANDLER);
              handlers.handler(
                  HOLD,
                  (req, conn) -> {
                    CompletableFuture<RemotingCommand> reply = new CompletableFuture<>();
                    held.complete(reply);
                    return reply;
                  });
            });

    int port = node.boundAddress().getPort();
    assertThat(port).isPositive();
    assertThat(node.advertisedAddress()).isEqualTo("127.0.0.1:" + port);
    assertThat(seen.get().advertisedAddress()).isEqualTo(node.advertisedAddress());
    assertThat(seen.get().connections()).isSameAs(node.connections());
    assertThat(seen.get().flushService()).isSameAs(node.flushService());
    assertThat(Files.isDirectory(home)).isTrue();

    TestClient client = TestClient.connect(node.boundAddress());
    RemotingCommand echo = RemotingCommand.request(ECHO, 1, Map.of("k", "v"), null);
    assertThat(client.call(echo).extField("k")).isEqualTo("v");

    // A request in flight when the stop begins is answered, not cut off.
    client.send(RemotingCommand.request(HOLD, 2, Map.of(), null));
    CompletableFuture<RemotingCommand> reply = held.get(10, TimeUnit.SECONDS);
    CompletableFuture<Done> stopping = new CompletableFuture<>();
    CoordinatedShutdown.get(node.system())
        .addTask(
            CoordinatedShutdown.PhaseServiceUnbind(),
            "test-observer",
            () -> {
              stopping.complete(Done.getInstance());
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    CompletionStage<Done> stopped = node.stop();
    stopping.get(10, TimeUnit.SECONDS);
    reply.complete(RemotingCommand.request(ResponseCode.SUCCESS, 0, Map.of(), null));

    RemotingCommand answer = client.receive();
    assertThat(answer.opaque()).isEqualTo(2);
    assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
    stopped.toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(client.awaitClosed()).isTrue();
    assertThat(node.system().whenTerminated().isCompleted()).isTrue();
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aPortInUseFailsTheStartCleanly() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> Node.start(config(tmp, taken.getLocalPort()), (ctx, handlers) -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("binding 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void aFailingHandlerRegistrationFailsTheStart() {
    assertThatThrownBy(
            () ->
                Node.start(
                    config(tmp, 0),
                    (ctx, handlers) ->
                        handlers.handler(ECHO, ECHO_HANDLER).handler(ECHO, ECHO_HANDLER)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has a handler already");
  }
}
