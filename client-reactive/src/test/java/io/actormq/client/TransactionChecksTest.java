package io.actormq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.client.transport.RemotingConnection;
import io.actormq.client.transport.TestServer;
import io.actormq.protocol.header.CheckTransactionStateRequestHeader;
import io.actormq.protocol.header.EndTransactionRequestHeader;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.SerializeType;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's check-back reaches the group's checker, and its answer goes back as END_TRANSACTION. */
class TransactionChecksTest {

  private AsynchronousChannelGroup group;
  private ScheduledExecutorService timer;
  private ExecutorService pool;

  @BeforeEach
  void setUp() throws Exception {
    group = AsynchronousChannelGroup.withFixedThreadPool(1, Executors.defaultThreadFactory());
    timer = Executors.newSingleThreadScheduledExecutor();
    pool = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void tearDown() {
    group.shutdown();
    timer.shutdownNow();
    pool.shutdownNow();
  }

  @Test
  void theCheckerAnswersTheNodeWithTheOffsetsItWasAskedAbout() throws Exception {
    CompletableFuture<HalfMessage> asked = new CompletableFuture<>();
    TransactionChecks checks =
        new TransactionChecks(
            null,
            "tx-group",
            half -> {
              asked.complete(half);
              return TransactionState.COMMIT;
            });
    HostAddress host = HostAddress.of(new byte[] {127, 0, 0, 1}, 10911);
    MessageRecord half =
        MessageRecord.builder()
            .topic("orders")
            .queueOffset(7)
            .commitLogOffset(4242)
            .bornHost(host)
            .storeHost(host)
            .body("order-1".getBytes())
            .properties(
                Map.of(
                    MessageProperties.PGROUP, "tx-group",
                    MessageProperties.UNIQ_KEY, "UNIQ-1",
                    MessageProperties.TRAN_MSG, "true"))
            .build();
    try (TestServer server = new TestServer(0)) {
      RemotingConnection c =
          RemotingConnection.connect(
                  server.address(), group, timer, (conn, r) -> {}, SerializeType.JSON, 2000)
              .get(5, TimeUnit.SECONDS);
      RemotingCommand check =
          RemotingCommand.request(
              RequestCode.CHECK_TRANSACTION_STATE,
              9,
              new CheckTransactionStateRequestHeader("orders", 7, 4242, "UNIQ-1", "TX-1", "OFF"),
              ByteBuffer.wrap(MessageRecordCodec.encode(half)));
      TransactionChecks.dispatch(Map.of("tx-group", checks), c, check, pool);

      HalfMessage seen = asked.get(5, TimeUnit.SECONDS);
      assertThat(seen.topic()).isEqualTo("orders");
      assertThat(seen.msgId()).isEqualTo("UNIQ-1");
      assertThat(seen.transactionId()).isEqualTo("TX-1");
      assertThat(seen.bodyText()).isEqualTo("order-1");

      RemotingCommand end = server.next();
      assertThat(end.code()).isEqualTo(RequestCode.END_TRANSACTION);
      assertThat(end.isOneway()).isTrue();
      EndTransactionRequestHeader h = EndTransactionRequestHeader.fromExtFields(end.extFields());
      assertThat(h.producerGroup()).isEqualTo("tx-group");
      assertThat(h.commitOrRollback())
          .isEqualTo(EndTransactionRequestHeader.TRANSACTION_COMMIT_TYPE);
      assertThat(h.fromTransactionCheck()).isTrue();
      assertThat(h.commitLogOffset()).isEqualTo(4242);
      assertThat(h.tranStateTableOffset()).isEqualTo(7);
      assertThat(h.transactionId()).isEqualTo("TX-1");
      c.close();
    }
  }
}
