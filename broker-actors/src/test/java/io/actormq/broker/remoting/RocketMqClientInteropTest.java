package io.actormq.broker.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.SerializeType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official client's transport (rocketmq-remoting 5.x, Netty) against the front door. */
class RocketMqClientInteropTest {

  static final int ECHO = 9001;
  static final int RECORD = 9006;

  static final ActorTestKit testKit =
      ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));
  static final TestProbe<io.actormq.protocol.remoting.RemotingCommand> oneways =
      testKit.createTestProbe();
  static FrontDoor door;
  static NettyRemotingClient client;
  static String address;

  @BeforeAll
  static void start() throws Exception {
    RequestDispatcher dispatcher =
        RequestDispatcher.builder()
            .handler(
                ECHO,
                (req, conn) ->
                    CompletableFuture.completedFuture(
                        io.actormq.protocol.remoting.RemotingCommand.responseTo(
                            req, ResponseCode.SUCCESS, "echo", req.extFields(), req.body())))
            .handler(
                RECORD,
                (req, conn) -> {
                  oneways.ref().tell(req);
                  return CompletableFuture.completedFuture(null);
                })
            .build();
    door =
        FrontDoor.bind(
                testKit.system(),
                new FrontDoor.Settings(
                    "127.0.0.1", 0, 16 * 1024 * 1024, 1024, Duration.ofSeconds(120), 16),
                new ConnectionRegistry(),
                dispatcher)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    address = "127.0.0.1:" + door.boundAddress().getPort();
    client = new NettyRemotingClient(new NettyClientConfig());
    client.start();
  }

  @AfterAll
  static void stop() throws Exception {
    client.shutdown();
    door.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    door.closeConnections().toCompletableFuture().get(10, TimeUnit.SECONDS);
    testKit.shutdownTestKit();
  }

  static RemotingCommand request(int code, String topic, String body) {
    RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
    request.addExtField("topic", topic);
    request.setBody(body.getBytes(StandardCharsets.UTF_8));
    return request;
  }

  @Test
  void invokeSyncGetsTheMatchingResponse() throws Exception {
    RemotingCommand request = request(ECHO, "T", "payload");

    RemotingCommand response = client.invokeSync(address, request, 3000);

    assertThat(response.getCode()).isEqualTo(ResponseCode.SUCCESS);
    assertThat(response.getOpaque()).isEqualTo(request.getOpaque());
    assertThat(response.getRemark()).isEqualTo("echo");
    assertThat(response.getExtFields()).containsEntry("topic", "T");
    assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("payload");
  }

  @Test
  void binaryHeadersAreUnderstoodAndAnsweredInJson() throws Exception {
    RemotingCommand request = request(ECHO, "B", "binary");
    request.setSerializeTypeCurrentRPC(SerializeType.ROCKETMQ);

    RemotingCommand response = client.invokeSync(address, request, 3000);

    assertThat(response.getCode()).isEqualTo(ResponseCode.SUCCESS);
    assertThat(response.getExtFields()).containsEntry("topic", "B");
    assertThat(response.getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.JSON);
  }

  @Test
  void unknownCodesAreReportedAsNotSupported() throws Exception {
    RemotingCommand response = client.invokeSync(address, request(4242, "T", "x"), 3000);

    assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    assertThat(response.getRemark()).isEqualTo("request code 4242 is not supported");
  }

  @Test
  void onewayRequestsReachTheHandler() throws Exception {
    client.invokeOneway(address, request(RECORD, "O", "oneway body"), 3000);

    io.actormq.protocol.remoting.RemotingCommand received = oneways.receiveMessage();
    assertThat(received.isOneway()).isTrue();
    assertThat(received.extField("topic")).isEqualTo("O");
    ByteBuffer expected = ByteBuffer.wrap("oneway body".getBytes(StandardCharsets.UTF_8));
    assertThat(received.body()).isEqualTo(expected);
  }

  @Test
  void manyConcurrentRequestsOnOneConnectionAreMatchedByOpaque() throws Exception {
    List<RemotingCommand> requests = new ArrayList<>();
    List<CompletableFuture<RemotingCommand>> responses = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      RemotingCommand request = request(ECHO, "T" + i, "body " + i);
      requests.add(request);
      responses.add(client.invoke(address, request, 3000));
    }

    for (int i = 0; i < requests.size(); i++) {
      RemotingCommand response = responses.get(i).get(10, TimeUnit.SECONDS);
      assertThat(response.getOpaque()).isEqualTo(requests.get(i).getOpaque());
      assertThat(response.getExtFields()).containsEntry("topic", "T" + i);
    }
  }
}
