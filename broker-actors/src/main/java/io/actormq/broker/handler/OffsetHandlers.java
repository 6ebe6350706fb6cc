package io.actormq.broker.handler;

import io.actormq.broker.queue.QueueCommand.QueueBounds;
import io.actormq.broker.queue.QueueRouter;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.protocol.header.BoundaryType;
import io.actormq.protocol.header.GetEarliestMsgStoretimeRequestHeader;
import io.actormq.protocol.header.GetEarliestMsgStoretimeResponseHeader;
import io.actormq.protocol.header.GetMaxOffsetRequestHeader;
import io.actormq.protocol.header.GetMaxOffsetResponseHeader;
import io.actormq.protocol.header.GetMinOffsetRequestHeader;
import io.actormq.protocol.header.GetMinOffsetResponseHeader;
import io.actormq.protocol.header.QueryConsumerOffsetRequestHeader;
import io.actormq.protocol.header.QueryConsumerOffsetResponseHeader;
import io.actormq.protocol.header.SearchOffsetRequestHeader;
import io.actormq.protocol.header.SearchOffsetResponseHeader;
import io.actormq.protocol.header.UpdateConsumerOffsetRequestHeader;
import io.actormq.protocol.remoting.CommandHeader;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Consumer offsets and queue bounds: QUERY_CONSUMER_OFFSET (14), UPDATE_CONSUMER_OFFSET (15),
 * SEARCH_OFFSET_BY_TIMESTAMP (29), GET_MAX_OFFSET (30), GET_MIN_OFFSET (31),
 * GET_EARLIEST_MSG_STORETIME (32).
 */
public final class OffsetHandlers {

  /**
   * A group that never committed on a queue still holding its first records in the page cache
   * starts at 0, as RocketMQ answers for a queue whose message 0 is "in memory"; applications that
   * send first and start their consumer afterwards rely on it.
   */
  static final long YOUNG_QUEUE_BYTES = 64L << 20;

  private final QueueRequests checks;
  private final QueueRouter queues;

  public OffsetHandlers(TopicResolver topics, QueueRouter queues) {
    this.checks = new QueueRequests(topics);
    this.queues = queues;
  }

  /** The handlers by request code. */
  public Map<Integer, RequestHandler> byCode() {
    return Map.of(
        RequestCode.QUERY_CONSUMER_OFFSET, this::queryConsumerOffset,
        RequestCode.UPDATE_CONSUMER_OFFSET, this::updateConsumerOffset,
        RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, this::searchOffset,
        RequestCode.GET_MAX_OFFSET, this::maxOffset,
        RequestCode.GET_MIN_OFFSET, this::minOffset,
        RequestCode.GET_EARLIEST_MSG_STORETIME, this::earliestStoreTime);
  }

  private CompletionStage<RemotingCommand> queryConsumerOffset(
      RemotingCommand request, ClientConnection conn) {
    QueryConsumerOffsetRequestHeader h =
        QueryConsumerOffsetRequestHeader.fromExtFields(request.extFields());
    return checks.onQueue(
        request,
        h.topic(),
        h.queueId(),
        false,
        topic ->
            queues
                .queryOffset(h.topic(), h.queueId(), h.consumerGroup())
                .thenCompose(
                    reply -> {
                      if (reply.offset() >= 0) {
                        return done(
                            ok(request, new QueryConsumerOffsetResponseHeader(reply.offset())));
                      }
                      if (Boolean.TRUE.equals(h.setZeroIfNotFound())) {
                        return done(ok(request, new QueryConsumerOffsetResponseHeader(0)));
                      }
                      return queues
                          .bounds(h.topic(), h.queueId())
                          .thenApply(bounds -> neverCommitted(request, bounds));
                    }));
  }

  private static RemotingCommand neverCommitted(RemotingCommand request, QueueBounds bounds) {
    if (bounds.minOffset() == 0 && bounds.storedBytes() < YOUNG_QUEUE_BYTES) {
      return ok(request, new QueryConsumerOffsetResponseHeader(0));
    }
    return RemotingCommand.responseTo(
        request, ResponseCode.QUERY_NOT_FOUND, "no offset committed for this group and queue");
  }

  private CompletionStage<RemotingCommand> updateConsumerOffset(
      RemotingCommand request, ClientConnection conn) {
    UpdateConsumerOffsetRequestHeader h =
        UpdateConsumerOffsetRequestHeader.fromExtFields(request.extFields());
    return checks.onQueue(
        request,
        h.topic(),
        h.queueId(),
        false,
        topic -> {
          queues.commitOffset(h.topic(), h.queueId(), h.consumerGroup(), h.commitOffset());
          return done(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null));
        });
  }

  private CompletionStage<RemotingCommand> searchOffset(
      RemotingCommand request, ClientConnection conn) {
    SearchOffsetRequestHeader h = SearchOffsetRequestHeader.fromExtFields(request.extFields());
    boolean upper = h.boundaryType() == BoundaryType.UPPER;
    return checks.onQueue(
        request,
        h.topic(),
        h.queueId(),
        false,
        topic ->
            queues
                .searchOffset(h.topic(), h.queueId(), h.timestamp(), upper)
                .thenApply(r -> ok(request, new SearchOffsetResponseHeader(r.offset()))));
  }

  private CompletionStage<RemotingCommand> maxOffset(
      RemotingCommand request, ClientConnection conn) {
    GetMaxOffsetRequestHeader h = GetMaxOffsetRequestHeader.fromExtFields(request.extFields());
    return bounds(
        request, h.topic(), h.queueId(), b -> new GetMaxOffsetResponseHeader(b.maxOffset()));
  }

  private CompletionStage<RemotingCommand> minOffset(
      RemotingCommand request, ClientConnection conn) {
    GetMinOffsetRequestHeader h = GetMinOffsetRequestHeader.fromExtFields(request.extFields());
    return bounds(
        request, h.topic(), h.queueId(), b -> new GetMinOffsetResponseHeader(b.minOffset()));
  }

  private CompletionStage<RemotingCommand> earliestStoreTime(
      RemotingCommand request, ClientConnection conn) {
    GetEarliestMsgStoretimeRequestHeader h =
        GetEarliestMsgStoretimeRequestHeader.fromExtFields(request.extFields());
    return bounds(
        request,
        h.topic(),
        h.queueId(),
        b -> new GetEarliestMsgStoretimeResponseHeader(b.earliestStoreTimestamp()));
  }

  /** Answers with one figure of the queue's bounds. */
  private CompletionStage<RemotingCommand> bounds(
      RemotingCommand request,
      String topic,
      int queueId,
      Function<QueueBounds, CommandHeader> answer) {
    return checks.onQueue(
        request,
        topic,
        queueId,
        false,
        config -> queues.bounds(topic, queueId).thenApply(b -> ok(request, answer.apply(b))));
  }

  private static RemotingCommand ok(RemotingCommand request, CommandHeader header) {
    return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, header, null);
  }

  private static CompletionStage<RemotingCommand> done(RemotingCommand response) {
    return CompletableFuture.completedFuture(response);
  }
}
