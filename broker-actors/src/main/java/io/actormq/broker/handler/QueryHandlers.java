package io.actormq.broker.handler;

import io.actormq.broker.queue.QueueActor;
import io.actormq.broker.queue.QueueCommand.Records;
import io.actormq.broker.queue.QueueRouter;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.broker.topic.TopicConfig;
import io.actormq.broker.topic.TopicLookup;
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
  private final QueueRouter queues;

  public QueryHandlers(TopicResolver topics, QueueRouter queues) {
    this.topics = topics;
    this.queues = queues;
  }

  public Map<Integer, RequestHandler> byCode() {
    return Map.of(
        RequestCode.VIEW_MESSAGE_BY_ID, this::viewMessage,
        RequestCode.QUERY_MESSAGE, this::queryMessage);
  }

  private CompletionStage<RemotingCommand> viewMessage(
      RemotingCommand request, ClientConnection conn) {
    ViewMessageRequestHeader h = ViewMessageRequestHeader.fromExtFields(request.extFields());
    if (h.topic() == null || h.topic().isEmpty()) {
      // Each queue keeps its own log: the commitLogOffset names a queue only together with a topic.
      return QueueRequests.reply(
          request,
          ResponseCode.SYSTEM_ERROR,
          "view by offsetMsgId needs the topic; query by the message's unique key instead");
    }
    return topics
        .resolve(h.topic(), 0, false)
        .thenCompose(
            lookup -> {
              if (!(lookup instanceof TopicLookup.Found found)
                  || QueueActor.queueIdOfCommitLogOffset(h.offset())
                      >= found.config().queueCount()) {
                return QueueRequests.reply(
                    request, ResponseCode.SYSTEM_ERROR, "no message at offset " + h.offset());
              }
              return queues
                  .readAt(h.topic(), h.offset())
                  .thenApply(
                      records ->
                          records.records().isEmpty()
                              ? RemotingCommand.responseTo(
                                  request,
                                  ResponseCode.SYSTEM_ERROR,
                                  "no message at offset " + h.offset())
                              : RemotingCommand.responseTo(
                                  request,
                                  ResponseCode.SUCCESS,
                                  null,
                                  (CommandHeader) null,
                                  records.records().get(0)));
            });
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
