package io.actormq.broker.handler;

import io.actormq.broker.queue.QueueActor;
import io.actormq.broker.queue.QueueCommand.Records;
import io.actormq.broker.queue.QueueRouter;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.broker.topic.TopicConfig;
import io.actormq.broker.topic.TopicLookup;
import io.actormq.broker.topic.TopicView;
import io.actormq.protocol.header.QueryMessageRequestHeader;
import io.actormq.protocol.header.QueryMessageResponseHeader;
import io.actormq.protocol.header.ViewMessageRequestHeader;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecordView;
import io.actormq.protocol.remoting.CommandHeader;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * VIEW_MESSAGE_BY_ID (33): the record an offsetMsgId names; QUERY_MESSAGE (12): records by key or
 * unique key within a time range, across the topic's queues.
 */
public final class QueryHandlers {

  /** The most records one query returns, whatever maxNum asks. */
  static final int MAX_RESULTS = 64;

  private final TopicResolver topics;
  private final TopicView topicView;
  private final QueueRouter queues;

  public QueryHandlers(TopicResolver topics, TopicView topicView, QueueRouter queues) {
    this.topics = topics;
    this.topicView = topicView;
    this.queues = queues;
  }

  public Map<Integer, RequestHandler> byCode() {
    return Map.of(
        RequestCode.VIEW_MESSAGE_BY_ID, this::viewMessage,
        RequestCode.QUERY_MESSAGE, this::queryMessage);
  }

  /**
   * The commitLogOffset carries the node-wide number of the record's queue, so the id alone finds
   * it (4.9.x clients send no topic); a topic that 5.x clients send must match.
   */
  private CompletionStage<RemotingCommand> viewMessage(
      RemotingCommand request, ClientConnection conn) {
    ViewMessageRequestHeader h = ViewMessageRequestHeader.fromExtFields(request.extFields());
    TopicView.QueueRef queue = topicView.queueOfNumber(QueueActor.queueNumberOf(h.offset()));
    boolean topicMatches =
        queue != null
            && (h.topic() == null || h.topic().isEmpty() || h.topic().equals(queue.topic()));
    if (!topicMatches) {
      return QueueRequests.reply(request, ResponseCode.SYSTEM_ERROR, noMessage(h));
    }
    return queues
        .readAt(queue.topic(), queue.queueId(), h.offset())
        .thenApply(
            records ->
                records.records().isEmpty()
                    ? RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, noMessage(h))
                    : RemotingCommand.responseTo(
                        request,
                        ResponseCode.SUCCESS,
                        null,
                        (CommandHeader) null,
                        records.records().get(0)));
  }

  private static String noMessage(ViewMessageRequestHeader h) {
    return "no message at offset "
        + h.offset()
        + (h.topic() == null ? "" : " in topic " + h.topic());
  }

  private CompletionStage<RemotingCommand> queryMessage(
      RemotingCommand request, ClientConnection conn) {
    QueryMessageRequestHeader h = QueryMessageRequestHeader.fromExtFields(request.extFields());
    int max = Math.max(1, Math.min(h.maxNum(), MAX_RESULTS));
    return topics
        .resolve(h.topic(), 0, false)
        .thenCompose(
            lookup -> {
              if (!(lookup instanceof TopicLookup.Found found)) {
                return QueueRequests.reply(
                    request,
                    ResponseCode.QUERY_NOT_FOUND,
                    "topic " + h.topic() + " does not exist");
              }
              return queryQueues(found.config(), h, max)
                  .thenApply(records -> queryResponse(request, h, records, max));
            });
  }

  private CompletionStage<List<Records>> queryQueues(
      TopicConfig topic, QueryMessageRequestHeader h, int max) {
    List<CompletableFuture<Records>> asks = new ArrayList<>();
    for (int q = 0; q < topic.queueCount(); q++) {
      asks.add(
          queues
              .queryKey(topic.name(), q, h.key(), h.beginTimestamp(), h.endTimestamp(), max)
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
        .thenApply(done -> asks.stream().map(CompletableFuture::join).toList());
  }

  private static RemotingCommand queryResponse(
      RemotingCommand request, QueryMessageRequestHeader h, List<Records> perQueue, int max) {
    boolean byUniqueKey = Boolean.TRUE.equals(h.uniqueKeyQuery());
    MessageRecordView view = new MessageRecordView();
    List<ByteBuffer> matched = new ArrayList<>();
    long newest = 0;
    for (Records records : perQueue) {
      for (ByteBuffer record : records.records()) {
        // The key index stores hashes: keep only records that really carry the key.
        if (matched.size() < max && carriesKey(view.wrap(record, 0), h.key(), byUniqueKey)) {
          matched.add(record);
          newest = Math.max(newest, view.storeTimestamp());
        }
      }
    }
    if (matched.isEmpty()) {
      return RemotingCommand.responseTo(
          request, ResponseCode.QUERY_NOT_FOUND, "no message with key " + h.key());
    }
    int size = matched.stream().mapToInt(ByteBuffer::remaining).sum();
    ByteBuffer body = ByteBuffer.allocate(size);
    matched.forEach(r -> body.put(r.duplicate()));
    return RemotingCommand.responseTo(
        request,
        ResponseCode.SUCCESS,
        null,
        new QueryMessageResponseHeader(newest, 0),
        body.flip());
  }

  private static boolean carriesKey(MessageRecordView record, String key, boolean uniqueKey) {
    if (key.equals(record.findProperty(MessageProperties.UNIQ_KEY))) {
      return true;
    }
    if (uniqueKey) {
      return false;
    }
    String keys = record.findProperty(MessageProperties.KEYS);
    return keys != null && MessageProperties.splitKeys(keys).contains(key);
  }
}
