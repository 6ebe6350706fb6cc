package io.actormq.client;

import io.actormq.client.transport.RemotingConnection;
import io.actormq.protocol.header.CheckTransactionStateRequestHeader;
import io.actormq.protocol.header.EndTransactionRequestHeader;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecordView;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer group's side of transactions: ends a half message ({@code END_TRANSACTION}, oneway as
 * the official client sends it) and answers {@code CHECK_TRANSACTION_STATE} check-backs through the
 * group's {@link TransactionChecker}, on the connection the check came on.
 */
final class TransactionChecks {

  private static final Logger LOG = LoggerFactory.getLogger(TransactionChecks.class);

  /** Marks a group without transactions in the client's registry. */
  static final TransactionChecks NONE = new TransactionChecks(null, "", null);

  private final ActorMqClient client;
  private final String group;
  private final TransactionChecker checker;

  TransactionChecks(ActorMqClient client, String group, TransactionChecker checker) {
    this.client = client;
    this.group = group;
    this.checker = checker;
  }

  String group() {
    return group;
  }

  static EndTransactionRequestHeader endHeader(
      String topic,
      String group,
      long queueOffset,
      long commitLogOffset,
      TransactionState state,
      boolean fromCheck,
      String msgId,
      String transactionId) {
    int code =
        switch (state) {
          case COMMIT -> EndTransactionRequestHeader.TRANSACTION_COMMIT_TYPE;
          case ROLLBACK -> EndTransactionRequestHeader.TRANSACTION_ROLLBACK_TYPE;
          case UNKNOWN -> EndTransactionRequestHeader.TRANSACTION_NOT_TYPE;
        };
    return new EndTransactionRequestHeader(
        topic, group, queueOffset, commitLogOffset, code, fromCheck, msgId, transactionId);
  }

  /** Routes a check-back to the producer group named in the half message's {@code PGROUP}. */
  static void dispatch(
      Map<String, TransactionChecks> groups,
      RemotingConnection connection,
      RemotingCommand request,
      Executor pool) {
    CheckTransactionStateRequestHeader h =
        CheckTransactionStateRequestHeader.fromExtFields(request.extFields());
    ByteBuffer body = request.body();
    if (body == null) {
      LOG.warn("transaction check from {} without a message", connection.address());
      return;
    }
    MessageRecordView view = new MessageRecordView().wrap(body, body.position());
    String group = view.findProperty(MessageProperties.PGROUP);
    TransactionChecks checks = group == null ? null : groups.get(group);
    if (checks == null || checks.checker == null) {
      LOG.warn("transaction check for group {} which has no checker here", group);
      return;
    }
    String uniq = view.findProperty(MessageProperties.UNIQ_KEY);
    byte[] payload = new byte[view.bodyLength()];
    view.body().get(payload);
    HalfMessage half =
        new HalfMessage(
            view.topic(),
            uniq != null ? uniq : h.msgId(),
            h.transactionId(),
            payload,
            MessageProperties.decode(view.properties()));
    pool.execute(
        () -> {
          TransactionState state;
          try {
            state = checks.checker.check(half);
          } catch (RuntimeException e) {
            LOG.warn("transaction checker of {} failed; answering UNKNOWN", group, e);
            state = TransactionState.UNKNOWN;
          }
          EndTransactionRequestHeader end =
              endHeader(
                  half.topic(),
                  group,
                  h.tranStateTableOffset(),
                  h.commitLogOffset(),
                  state,
                  true,
                  half.msgId(),
                  h.transactionId());
          connection.oneway(RemotingCommand.request(RequestCode.END_TRANSACTION, 0, end, null));
        });
  }
}
