package io.actormq.broker.handler;

import io.actormq.broker.BrokerConfig;
import io.actormq.broker.queue.QueueRouter;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.Reply;
import io.actormq.broker.remoting.ReplyHandler;
import io.actormq.persistence.log.ReadResult;
import io.actormq.protocol.header.PullMessageRequestHeader;
import io.actormq.protocol.header.PullMessageResponseHeader;
import io.actormq.protocol.message.SubscriptionExpression;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.ResponseCode;
import java.util.concurrent.CompletionStage;

/**
 * PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361). The tag filter comes from the request's
 * subscription when the client sends one (sysFlag 0x4), else from the group's heartbeat; without
 * either every record is returned, which is safe because clients filter by tag again. With the
 * suspend bit the queue actor holds a pull that finds nothing (long polling).
 */
public final class PullHandler implements ReplyHandler {

  /** RocketMQ's default transfer limit per pull. */
  static final int DEFAULT_MAX_BYTES = 256 * 1024;

  static final int MAX_RECORDS = 1024;

  private final BrokerConfig config;
  private final QueueRequests checks;
  private final QueueRouter queues;
  private final SubscriptionLookup subscriptions;

  public PullHandler(
      BrokerConfig config,
      TopicResolver topics,
      QueueRouter queues,
      SubscriptionLookup subscriptions) {
    this.config = config;
    this.checks = new QueueRequests(topics);
    this.queues = queues;
    this.subscriptions = subscriptions;
  }

  @Override
  public CompletionStage<Reply> handle(RemotingCommand request, ClientConnection conn) {
    PullMessageRequestHeader h = PullMessageRequestHeader.fromExtFields(request.extFields());
    SubscriptionExpression filter;
    if (h.hasSubscriptionFlag() && h.subscription() != null) {
      String type = h.expressionType();
      if (type != null && !type.isEmpty() && !"TAG".equalsIgnoreCase(type)) {
        return QueueRequests.reply(
                request,
                ResponseCode.SYSTEM_ERROR,
                "the broker does not support consumer to filter message by " + type)
            .thenApply(Reply::of);
      }
      filter = SubscriptionExpression.parse(h.subscription());
    } else {
      filter = subscriptions.find(h.consumerGroup(), h.topic());
    }
    int[] tagCodes = filter == null || filter.isAll() ? null : filter.codes();
    long hold =
        h.suspendRequested()
            ? Math.max(0, Math.min(h.suspendTimeoutMillis(), config.maxLongPollHold().toMillis()))
            : 0;
    int maxRecords = Math.max(1, Math.min(h.maxMsgNums(), MAX_RECORDS));
    int maxBytes =
        h.maxMsgBytes() != null && h.maxMsgBytes() > 0 ? h.maxMsgBytes() : DEFAULT_MAX_BYTES;
    long commit = h.commitOffsetRequested() ? h.commitOffset() : -1;
    return checks.onQueue(
        request,
        h.topic(),
        h.queueId(),
        false,
        topic ->
            queues
                .pull(
                    h.topic(),
                    h.queueId(),
                    h.consumerGroup(),
                    h.queueOffset(),
                    maxRecords,
                    maxBytes,
                    tagCodes,
                    hold,
                    commit)
                .thenApply(result -> response(request, result)),
        Reply::of);
  }

  /** The records go out as the log's slices: joined by the socket write, not copied here. */
  static Reply response(RemotingCommand request, ReadResult r) {
    int code;
    long next = r.nextOffset();
    switch (r.status()) {
      case FOUND -> code = ResponseCode.SUCCESS;
      case ALL_FILTERED -> code = ResponseCode.PULL_RETRY_IMMEDIATELY;
      case NO_NEW_RECORDS -> code = ResponseCode.PULL_NOT_FOUND;
      case OFFSET_TOO_SMALL -> {
        code = ResponseCode.PULL_OFFSET_MOVED;
        next = r.minOffset();
      }
      case OFFSET_OVERFLOW -> {
        code = ResponseCode.PULL_OFFSET_MOVED;
        next = r.maxOffset();
      }
      default -> throw new IllegalStateException("unknown read status " + r.status());
    }
    PullMessageResponseHeader header =
        new PullMessageResponseHeader(
            0, next, r.minOffset(), r.maxOffset(), null, null, null, null);
    return Reply.of(RemotingCommand.responseTo(request, code, null, header, null), r.runs());
  }
}
