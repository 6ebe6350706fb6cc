package io.actormq.broker.handler;

import static io.actormq.broker.handler.NameServerHandlersTest.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.broker.group.FakeConnection;
import io.actormq.broker.group.QueueLocks;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.broker.topic.MetadataTestConfig;
import io.actormq.protocol.body.LockBatchRequestBody;
import io.actormq.protocol.body.LockBatchResponseBody;
import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.body.UnlockBatchRequestBody;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class LockHandlersTest {

  private static final ActorTestKit kit =
      ActorTestKit.create("LockHandlersTest", MetadataTestConfig.local());

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private final Map<Integer, RequestHandler> handlers =
      new LockHandlers(
              kit.spawn(QueueLocks.create(Duration.ofSeconds(60), Clock.systemUTC())),
              kit.system(),
              Duration.ofSeconds(5))
          .handlers();
  private final FakeConnection connection = new FakeConnection(kit, 1);

  private static final MessageQueue Q0 = new MessageQueue("T", "actormq-a", 0);
  private static final MessageQueue Q1 = new MessageQueue("T", "actormq-a", 1);

  private Set<MessageQueue> lock(String client, MessageQueue... queues) throws Exception {
    byte[] body = new LockBatchRequestBody("cg", client, false, Set.of(queues)).toJson();
    RemotingCommand response =
        NameServerHandlersTest.call(handlers, connection, RequestCode.LOCK_BATCH_MQ, null, body);
    assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
    return LockBatchResponseBody.fromJson(body(response)).lockOKMQSet();
  }

  @Test
  void lockAnswersTheQueuesNowHeld() throws Exception {
    assertThat(lock("c1", Q0)).containsExactly(Q0);
    assertThat(lock("c2", Q0, Q1)).containsExactly(Q1);
    assertThat(lock("c1", Q0, Q1)).containsExactly(Q0);
  }

  @Test
  void unlockTwoWayAndOneway() throws Exception {
    lock("u1", new MessageQueue("U", "b", 0), new MessageQueue("U", "b", 1));
    byte[] first =
        new UnlockBatchRequestBody("cg", "u1", false, Set.of(new MessageQueue("U", "b", 0)))
            .toJson();
    RemotingCommand twoWay =
        NameServerHandlersTest.call(handlers, connection, RequestCode.UNLOCK_BATCH_MQ, null, first);
    assertThat(twoWay.code()).isEqualTo(ResponseCode.SUCCESS);

    byte[] second =
        new UnlockBatchRequestBody("cg", "u1", false, Set.of(new MessageQueue("U", "b", 1)))
            .toJson();
    RemotingCommand oneway =
        RemotingCommand.request(
                RequestCode.UNLOCK_BATCH_MQ,
                99,
                (Map<String, String>) null,
                ByteBuffer.wrap(second))
            .asOneway();
    assertThat(
            handlers
                .get(RequestCode.UNLOCK_BATCH_MQ)
                .handle(oneway, connection)
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS))
        .isNull();

    assertThat(lock("u2", new MessageQueue("U", "b", 0), new MessageQueue("U", "b", 1))).hasSize(2);
  }

  @Test
  void malformedBodyIsInvalidParameter() throws Exception {
    RemotingCommand response =
        NameServerHandlersTest.call(
            handlers,
            connection,
            RequestCode.LOCK_BATCH_MQ,
            null,
            "{\"mqSet\":[]}".getBytes(StandardCharsets.UTF_8));
    assertThat(response.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    assertThat(response.remark()).contains("consumerGroup");
  }
}
