package io.actormq.broker.handler;

import io.actormq.broker.queue.QueueActor;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.broker.topic.TopicView;
import io.actormq.broker.transaction.HalfRecords;
import io.actormq.broker.transaction.TransactionActor.Decision;
import io.actormq.broker.transaction.TransactionActor.EndReply;
import io.actormq.protocol.header.EndTransactionRequestHeader;
import io.actormq.protocol.message.SysFlag;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.ResponseCode;
import java.util.concurrent.CompletionStage;

/**
 * END_TRANSACTION (37): a producer's commit or rollback of a half message, on its own or as the
 * answer to a check. The half is named by its commitLogOffset (from the send's offsetMsgId), which
 * must point into the half log.
 */
public final class EndTransactionHandler implements RequestHandler {

  /** Hands a decision to the transaction actor. */
  @FunctionalInterface
  public interface Transactions {
    CompletionStage<EndReply> end(long halfOffset, Decision decision, boolean fromCheck);
  }

  private final TopicView topics;
  private final Transactions transactions;

  public EndTransactionHandler(TopicView topics, Transactions transactions) {
    this.topics = topics;
    this.transactions = transactions;
  }

  @Override
  public CompletionStage<RemotingCommand> handle(RemotingCommand request, ClientConnection conn) {
    EndTransactionRequestHeader header =
        EndTransactionRequestHeader.fromExtFields(request.extFields());
    Decision decision =
        switch (header.commitOrRollback()) {
          case SysFlag.TRANSACTION_COMMIT -> Decision.COMMIT;
          case SysFlag.TRANSACTION_ROLLBACK -> Decision.ROLLBACK;
          case SysFlag.TRANSACTION_NONE -> Decision.UNKNOWN;
          default -> null;
        };
    if (decision == null) {
      return QueueRequests.reply(
          request,
          ResponseCode.INVALID_PARAMETER,
          "commitOrRollback " + header.commitOrRollback() + " is none of 0, 8, 12");
    }
    int halfQueue = topics.queueNumber(HalfRecords.HALF_TOPIC, 0);
    if (halfQueue < 0 || QueueActor.queueNumberOf(header.commitLogOffset()) != halfQueue) {
      return QueueRequests.reply(
          request,
          ResponseCode.SYSTEM_ERROR,
          "commitLogOffset " + header.commitLogOffset() + " names no half message of this broker");
    }
    long halfOffset = QueueActor.queueOffsetOf(header.commitLogOffset());
    return transactions
        .end(halfOffset, decision, header.fromTransactionCheck())
        .thenApply(
            reply ->
                reply.accepted()
                    ? RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                    : RemotingCommand.responseTo(
                        request, ResponseCode.SYSTEM_ERROR, reply.reason()));
  }
}
