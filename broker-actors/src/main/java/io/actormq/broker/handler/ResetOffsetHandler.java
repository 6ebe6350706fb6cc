package io.actormq.broker.handler;

import io.actormq.broker.queue.QueueCommand.OffsetReply;
import io.actormq.broker.queue.QueueRouter;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.broker.topic.TopicConfig;
import io.actormq.broker.topic.TopicView;
import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.body.ResetOffsetBody;
import io.actormq.protocol.header.ResetOffsetRequestHeader;
import io.actormq.protocol.remoting.CommandHeader;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INVOKE_BROKER_TO_RESET_OFFSET (222), what {@code mqadmin resetOffsetByTime} sends: backtracking a
 * consumer group on every queue of a topic to the first message stored at or after a timestamp (-1:
 * to the end), or one queue to a given offset. Without {@code isForce} an offset only moves back.
 * The broker's offsets change at once, and every online member of the group is told with
 * RESET_CONSUMER_CLIENT_OFFSET (220) so that it repositions without a restart.
 */
public final class ResetOffsetHandler implements RequestHandler {

  private static final Logger log = LoggerFactory.getLogger(ResetOffsetHandler.class);

  private final TopicView topics;
  private final QueueRouter queues;
  private final Function<String, List<ClientConnection>> consumersOfGroup;
  private final String brokerName;

  public ResetOffsetHandler(
      TopicView topics,
      QueueRouter queues,
      Function<String, List<ClientConnection>> consumersOfGroup,
      String brokerName) {
    this.topics = topics;
    this.queues = queues;
    this.consumersOfGroup = consumersOfGroup;
    this.brokerName = brokerName;
  }

  @Override
  public CompletionStage<RemotingCommand> handle(RemotingCommand request, ClientConnection conn) {
    ResetOffsetRequestHeader header = ResetOffsetRequestHeader.fromExtFields(request.extFields());
    TopicConfig topic = topics.get(header.topic());
    if (topic == null) {
      return QueueRequests.reply(
          request, ResponseCode.TOPIC_NOT_EXIST, "topic " + header.topic() + " does not exist");
    }
    List<Integer> queueIds = new ArrayList<>();
    if (header.queueId() >= 0 && header.offset() != null) {
      if (header.queueId() >= topic.queueCount()) {
        return QueueRequests.reply(
            request, ResponseCode.INVALID_PARAMETER, "queueId " + header.queueId() + " is illegal");
      }
      queueIds.add(header.queueId());
    } else {
      for (int q = 0; q < topic.queueCount(); q++) {
        queueIds.add(q);
      }
    }
    List<CompletableFuture<Map.Entry<Integer, Long>>> resets = new ArrayList<>();
    for (int queueId : queueIds) {
      resets.add(resetQueue(header, queueId).toCompletableFuture());
    }
    return CompletableFuture.allOf(resets.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              Map<MessageQueue, Long> table = new TreeMap<>();
              for (CompletableFuture<Map.Entry<Integer, Long>> r : resets) {
                Map.Entry<Integer, Long> e = r.join();
                table.put(new MessageQueue(header.topic(), brokerName, e.getKey()), e.getValue());
              }
              ResetOffsetBody body = new ResetOffsetBody(table);
              notifyConsumers(header, body);
              return RemotingCommand.responseTo(
                  request,
                  ResponseCode.SUCCESS,
                  null,
                  (CommandHeader) null,
                  ByteBuffer.wrap(body.toJson()));
            });
  }

  private CompletionStage<Map.Entry<Integer, Long>> resetQueue(
      ResetOffsetRequestHeader header, int queueId) {
    String topic = header.topic();
    CompletionStage<Long> target =
        header.offset() != null && header.queueId() >= 0
            ? CompletableFuture.completedFuture(header.offset())
            : header.timestamp() < 0
                ? queues.bounds(topic, queueId).thenApply(b -> b.maxOffset())
                : queues
                    .searchOffset(topic, queueId, header.timestamp(), false)
                    .thenApply(OffsetReply::offset);
    return target
        .thenCombine(
            queues.queryOffset(topic, queueId, header.group()).thenApply(OffsetReply::offset),
            (to, current) -> header.force() || current < 0 || to < current ? to : current)
        .thenCompose(offset -> queues.resetOffset(topic, queueId, header.group(), offset))
        .thenApply(reply -> Map.entry(queueId, reply.offset()));
  }

  private void notifyConsumers(ResetOffsetRequestHeader header, ResetOffsetBody body) {
    RemotingCommand notice =
        RemotingCommand.request(
                RequestCode.RESET_CONSUMER_CLIENT_OFFSET,
                0,
                new ResetOffsetRequestHeader(
                    header.group(), header.topic(), -1, null, header.timestamp(), header.force()),
                ByteBuffer.wrap(body.toJson()))
            .asOneway();
    Set<Long> told = new HashSet<>();
    for (ClientConnection c : consumersOfGroup.apply(header.group())) {
      if (told.add(c.id()) && !c.send(notice)) {
        log.debug("could not tell {} of the offset reset of {}", c.remoteAddress(), header.group());
      }
    }
    log.info(
        "reset offsets of group {} on topic {} to {} (timestamp {}, {} consumers told)",
        header.group(),
        header.topic(),
        body.offsetTable().values(),
        header.timestamp(),
        told.size());
  }
}
