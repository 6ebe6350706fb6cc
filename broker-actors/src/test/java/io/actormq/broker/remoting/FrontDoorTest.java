package io.actormq.broker.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.actormq.protocol.header.ExtFields;
import io.actormq.protocol.json.JsonException;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.AskTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The front door and dispatcher over real sockets on 127.0.0.1, with test handlers. */
class FrontDoorTest {

  static final int ECHO = 9001;
  static final int HOLD = 9002;
  static final int BAD_HEADER = 9003;
  static final int TIMES_OUT = 9004;
  static final int BUG = 9005;
  static final int RECORD = 9006;
  static final int GATHER = 9007;
  static final int BIND = 9008;
  static final int BAD_BODY = 9009;
  static final int NO_RESPONSE = 9010;
  static final int BIG = 9011;
  static final int UNKNOWN = 4242;

  static final ActorTestKit testKit =
      ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));

  static final FrontDoor.Settings DEFAULTS =
      new FrontDoor.Settings("127.0.0.1", 0, 64 * 1024, 16, Duration.ofSeconds(120), 16);

  final AtomicInteger opaques = new AtomicInteger(100);
  final Map<Integer, CompletableFuture<RemotingCommand>> holds = new ConcurrentHashMap<>();
  final List<FrontDoor> doors = new ArrayList<>();
  final List<TestClient> clients = new ArrayList<>();
  TestProbe<RemotingCommand> invoked;
  ConnectionRegistry registry;
  FrontDoor door;

  @BeforeEach
  void start() {
    invoked = testKit.createTestProbe();
    registry = new ConnectionRegistry();
    door = startDoor(DEFAULTS);
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(TestClient::close);
    for (FrontDoor d : doors) {
      d.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
      d.closeConnections().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  FrontDoor startDoor(FrontDoor.Settings settings) {
    try {
      FrontDoor d =
          FrontDoor.bind(testKit.system(), settings, registry, dispatcher())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      doors.add(d);
      return d;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  RequestDispatcher dispatcher() {
    return RequestDispatcher.builder()
        .handler(ECHO, (req, conn) -> done(echo(req)))
        .handler(
            HOLD,
            (req, conn) -> {
              CompletableFuture<RemotingCommand> f = new CompletableFuture<>();
              holds.put(req.opaque(), f);
              invoked.ref().tell(req);
              return f;
            })
        .handler(
            BAD_HEADER,
            (req, conn) ->
                done(echo(req).withRemark(ExtFields.requireString(req.extFields(), "topic"))))
        .handler(
            TIMES_OUT,
            (req, conn) ->
                CompletableFuture.failedFuture(
                    new AskTimeoutException("Ask timed out after [10000 ms]")))
        .handler(
            BUG,
            (req, conn) -> {
              throw new IllegalStateException("a broker bug (expected by the test)");
            })
        .handler(
            RECORD,
            (req, conn) -> {
              invoked.ref().tell(req);
              return done(echo(req));
            })
        .replyHandler(
            GATHER,
            (req, conn) ->
                CompletableFuture.completedFuture(
                    Reply.of(
                        RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null),
                        List.of(
                            ByteBuffer.wrap(utf8("hello ")),
                            ByteBuffer.allocateDirect(5)
                                .put(utf8("world"))
                                .flip()
                                .asReadOnlyBuffer()))))
        .handler(
            BIND,
            (req, conn) -> {
              boolean bound =
                  registry.bind(conn.id(), req.extField("clientId"), Set.of("pg"), Set.of("cg"));
              return done(
                  RemotingCommand.responseTo(
                      req, bound ? ResponseCode.SUCCESS : ResponseCode.SYSTEM_ERROR, null));
            })
        .handler(
            BAD_BODY,
            (req, conn) -> CompletableFuture.failedFuture(new JsonException("expected '{'", 0)))
        .handler(NO_RESPONSE, (req, conn) -> CompletableFuture.completedFuture(null))
        .handler(
            BIG,
            (req, conn) -> {
              invoked.ref().tell(req);
              return done(
                  RemotingCommand.responseTo(
                      req, ResponseCode.SUCCESS, null, Map.of(), ByteBuffer.allocate(1 << 20)));
            })
        .build();
  }

  static CompletionStage<RemotingCommand> done(RemotingCommand response) {
    return CompletableFuture.completedFuture(response);
  }

  /** Answers with the request's fields and body, but with the opaque and flag left wrong. */
  static RemotingCommand echo(RemotingCommand req) {
    return RemotingCommand.request(ResponseCode.SUCCESS, 0, req.extFields(), req.body());
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  TestClient client(FrontDoor d) {
    TestClient c = TestClient.connect(d.boundAddress());
    clients.add(c);
    return c;
  }

  RemotingCommand request(int code) {
    return RemotingCommand.request(code, opaques.incrementAndGet(), Map.of(), null);
  }

  @Test
  void answersWithTheRequestsOpaqueAndTheResponseFlag() {
    TestClient c = client(door);
    RemotingCommand req =
        RemotingCommand.request(ECHO, 77, Map.of("topic", "T"), ByteBuffer.wrap(utf8("payload")));

    RemotingCommand resp = c.call(req);

    assertThat(resp.opaque()).isEqualTo(77);
    assertThat(resp.isResponse()).isTrue();
    assertThat(resp.isOneway()).isFalse();
    assertThat(resp.code()).isEqualTo(ResponseCode.SUCCESS);
    assertThat(resp.extFields()).containsEntry("topic", "T");
    assertThat(resp.body()).isEqualTo(ByteBuffer.wrap(utf8("payload")));
  }

  @Test
  void repliesLeaveInCompletionOrderMatchedByOpaque() {
    TestClient c = client(door);
    c.send(RemotingCommand.request(HOLD, 1, Map.of(), null));
    invoked.expectMessageClass(RemotingCommand.class);
    c.send(RemotingCommand.request(ECHO, 2, Map.of(), null));

    assertThat(c.receive().opaque()).isEqualTo(2);
    holds.get(1).complete(RemotingCommand.request(ResponseCode.SUCCESS, 0, Map.of(), null));
    RemotingCommand late = c.receive();
    assertThat(late.opaque()).isEqualTo(1);
    assertThat(late.isResponse()).isTrue();
  }

  @Test
  void onewayRequestsRunButAreNeverAnswered() {
    TestClient c = client(door);
    c.send(request(RECORD).asOneway());
    assertThat(invoked.receiveMessage().isOneway()).isTrue();
    c.send(request(UNKNOWN).asOneway());
    c.send(request(BUG).asOneway());
    RemotingCommand echo = request(ECHO);

    // Had any oneway been answered, its reply would have come first.
    assertThat(c.call(echo).opaque()).isEqualTo(echo.opaque());
  }

  @Test
  void unknownCodeIsNotSupported() {
    RemotingCommand resp = client(door).call(request(UNKNOWN));

    assertThat(resp.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    assertThat(resp.remark()).isEqualTo("request code 4242 is not supported");
    assertThat(resp.isResponse()).isTrue();
  }

  @Test
  void handlerFailuresBecomeResponseCodesAndTheConnectionStaysUsable() {
    TestClient c = client(door);

    RemotingCommand badHeader = c.call(request(BAD_HEADER));
    assertThat(badHeader.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    assertThat(badHeader.remark()).contains("topic");
    RemotingCommand badBody = c.call(request(BAD_BODY));
    assertThat(badBody.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    assertThat(badBody.remark()).contains("expected '{'");
    assertThat(c.call(request(TIMES_OUT)).code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
    RemotingCommand bug = c.call(request(BUG));
    assertThat(bug.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
    assertThat(bug.remark()).contains("IllegalStateException");
    assertThat(c.call(request(NO_RESPONSE)).code()).isEqualTo(ResponseCode.SYSTEM_ERROR);

    assertThat(c.call(request(ECHO)).code()).isEqualTo(ResponseCode.SUCCESS);
  }

  @Test
  void multiBufferBodiesArriveAsOneBody() {
    RemotingCommand resp = client(door).call(request(GATHER));

    assertThat(resp.bodyLength()).isEqualTo(11);
    assertThat(StandardCharsets.UTF_8.decode(resp.body()).toString()).isEqualTo("hello world");
  }

  @Test
  void framesArrivingOneByteAtATimeStillDecode() {
    TestClient c = client(door);
    RemotingCommand req =
        RemotingCommand.request(ECHO, 5, Map.of("k", "v"), ByteBuffer.wrap(utf8("slow body")));

    c.sendByteByByte(TestClient.frame(req));

    RemotingCommand resp = c.receive();
    assertThat(resp.opaque()).isEqualTo(5);
    assertThat(resp.body()).isEqualTo(ByteBuffer.wrap(utf8("slow body")));
  }

  @Test
  void anOversizedFrameClosesOnlyItsConnection() {
    TestClient good = client(door);
    TestClient bad = client(door);
    assertThat(good.call(request(ECHO)).code()).isZero();

    // A length prefix far above the 64 KiB maximum; nothing after it needs to arrive.
    bad.sendBytes(new byte[] {0x00, 0x10, 0x00, 0x00, 0, 0, 0, 0});

    assertThat(bad.awaitClosed()).isTrue();
    assertThat(good.call(request(ECHO)).code()).isZero();
  }

  @Test
  void negativeOrTinyLengthsAndUndecodableHeadersCloseTheConnection() {
    byte[] negative = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0};
    byte[] tiny = {0, 0, 0, 2, 0, 0};
    byte[] garbage = utf8("not json");
    byte[] undecodable = new byte[8 + garbage.length];
    ByteBuffer.wrap(undecodable).putInt(4 + garbage.length).putInt(garbage.length).put(garbage);

    for (byte[] bytes : List.of(negative, tiny, undecodable)) {
      TestClient c = client(door);
      c.sendBytes(bytes);
      assertThat(c.awaitClosed()).isTrue();
    }
    assertThat(client(door).call(request(ECHO)).code()).isZero();
  }

  @Test
  void brokerInitiatedCommandsReachTheClientOneway() {
    TestClient c = client(door);
    RemotingCommand bind =
        RemotingCommand.request(BIND, opaques.incrementAndGet(), Map.of("clientId", "c1"), null);
    assertThat(c.call(bind).code()).isZero();

    ClientConnection conn = registry.connectionOfClient("c1").orElseThrow();
    assertThat(registry.connectionsOfConsumerGroup("cg")).containsExactly(conn);
    assertThat(registry.connectionsOfProducerGroup("pg")).containsExactly(conn);
    RemotingCommand notify =
        RemotingCommand.request(
            RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, 0, Map.of("consumerGroup", "cg"), null);
    assertThat(conn.send(notify)).isTrue();
    assertThat(conn.send(notify)).isTrue();

    RemotingCommand first = c.receive();
    RemotingCommand second = c.receive();
    assertThat(first.code()).isEqualTo(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
    assertThat(first.isOneway()).isTrue();
    assertThat(first.isResponse()).isFalse();
    assertThat(first.extField("consumerGroup")).isEqualTo("cg");
    assertThat(second.opaque()).isNotEqualTo(first.opaque());
  }

  @Test
  void closeListenersLearnWhatTheConnectionServed() throws Exception {
    CompletableFuture<ConnectionRegistry.ClosedConnection> closed = new CompletableFuture<>();
    registry.addCloseListener(closed::complete);
    TestClient c = client(door);
    c.call(
        RemotingCommand.request(BIND, opaques.incrementAndGet(), Map.of("clientId", "c2"), null));
    long id = registry.connectionOfClient("c2").orElseThrow().id();

    c.close();

    ConnectionRegistry.ClosedConnection result = closed.get(10, TimeUnit.SECONDS);
    assertThat(result.connectionId()).isEqualTo(id);
    assertThat(result.clientIds()).containsExactly("c2");
    assertThat(result.clients().get("c2").consumerGroups()).containsExactly("cg");
    assertThat(registry.connectionOfClient("c2")).isEmpty();
    assertThat(registry.connection(id)).isEmpty();
  }

  @Test
  void parallelismPerConnectionIsBounded() {
    FrontDoor narrow =
        startDoor(
            new FrontDoor.Settings("127.0.0.1", 0, 64 * 1024, 2, Duration.ofSeconds(120), 16));
    TestClient c = client(narrow);
    for (int opaque = 1; opaque <= 3; opaque++) {
      c.send(RemotingCommand.request(HOLD, opaque, Map.of(), null));
    }
    invoked.receiveSeveralMessages(2);
    invoked.expectNoMessage(Duration.ofMillis(300));

    holds.get(1).complete(RemotingCommand.request(0, 0, Map.of(), null));

    assertThat(c.receive().opaque()).isEqualTo(1);
    assertThat(invoked.receiveMessage().opaque()).isEqualTo(3);
  }

  @Test
  void aClientThatDoesNotReadStopsTheDispatch() {
    TestClient c = client(door);
    int requests = 200;
    for (int opaque = 1; opaque <= requests; opaque++) {
      c.send(RemotingCommand.request(BIG, opaque, Map.of(), null));
    }

    // 200 replies of 1 MiB do not fit into socket buffers: dispatch stalls until the client reads.
    int dispatched = 0;
    while (true) {
      try {
        invoked.receiveMessage(Duration.ofMillis(500));
        dispatched++;
      } catch (AssertionError quiet) {
        break;
      }
    }
    assertThat(dispatched).isLessThan(requests / 2);

    for (int i = 0; i < requests; i++) {
      assertThat(c.receive().bodyLength()).isEqualTo(1 << 20);
    }
    invoked.receiveSeveralMessages(requests - dispatched);
  }

  @Test
  void idleConnectionsAreClosed() throws Exception {
    CompletableFuture<ConnectionRegistry.ClosedConnection> closed = new CompletableFuture<>();
    registry.addCloseListener(closed::complete);
    FrontDoor impatient =
        startDoor(
            new FrontDoor.Settings("127.0.0.1", 0, 64 * 1024, 16, Duration.ofMillis(300), 16));
    TestClient c = client(impatient);

    assertThat(c.awaitClosed()).isTrue();
    assertThat(closed.get(10, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void drainRefusesNewRequestsAndWaitsForThoseInFlight() throws Exception {
    TestClient c = client(door);
    c.send(RemotingCommand.request(HOLD, 1, Map.of(), null));
    invoked.expectMessageClass(RemotingCommand.class);

    CompletableFuture<?> drained = door.drain(Duration.ofSeconds(30)).toCompletableFuture();

    RemotingCommand refused = c.call(request(ECHO));
    assertThat(refused.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
    c.send(request(RECORD).asOneway());
    assertThat(invoked.receiveMessage().isOneway()).isTrue();
    assertThat(drained).isNotDone();

    holds.get(1).complete(RemotingCommand.request(0, 0, Map.of(), null));
    assertThat(c.receive().opaque()).isEqualTo(1);
    drained.get(10, TimeUnit.SECONDS);
    assertThat(door.inFlight()).isZero();

    door.closeConnections().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(c.awaitClosed()).isTrue();
  }
}
