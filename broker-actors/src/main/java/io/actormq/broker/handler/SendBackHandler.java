package io.actormq.broker.handler;

import io.actormq.broker.DeliveryConfig;
import io.actormq.broker.queue.QueueActor;
import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.broker.queue.QueueCommand.AppendReply;
import io.actormq.broker.queue.QueueRouter;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.broker.schedule.MessageParking;
import io.actormq.broker.schedule.ParkedRecords;
import io.actormq.broker.topic.TopicLookup;
import io.actormq.broker.topic.TopicValidator;
import io.actormq.broker.topic.TopicView;
import io.actormq.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageFormatException;
import io.actormq.protocol.message.MessageIds;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * CONSUMER_SEND_MSG_BACK (36): a consumer failed a message. A copy goes to the group's retry topic,
 * parked for delay level {@code 3 + reconsumeTimes} (or the level the consumer asks for) with
 * {@code reconsumeTimes} one higher, {@code RETRY_TOPIC} naming the original topic and {@code
 * ORIGIN_MESSAGE_ID} the first id it had; past the retry budget, or at level -1, it goes to the
 * group's dead-letter topic instead, at once.
 */
public final class SendBackHandler implements RequestHandler {

  private final DeliveryConfig config;
  private final TopicResolver topics;
  private final TopicView topicView;
  private final QueueRouter queues;
  private final MessageParking parking;
  private final HostAddress storeHost;
  private final LongSupplier clock;

  public SendBackHandler(
      DeliveryConfig config,
      TopicResolver topics,
      TopicView topicView,
      QueueRouter queues,
      MessageParking parking,
      HostAddress storeHost,
      LongSupplier clock) {
    this.config = config;
    this.topics = topics;
    this.topicView = topicView;
    this.queues = queues;
    this.parking = parking;
    this.storeHost = storeHost;
    this.clock = clock;
  }

  @Override
  public CompletionStage<RemotingCommand> handle(RemotingCommand request, ClientConnection conn) {
    ConsumerSendMsgBackRequestHeader header =
        ConsumerSendMsgBackRequestHeader.fromExtFields(request.extFields());
    String invalid = TopicValidator.checkName(TopicValidator.retryTopic(header.group()));
    if (invalid != null) {
      return QueueRequests.reply(request, ResponseCode.INVALID_PARAMETER, invalid);
    }
    TopicView.QueueRef source = topicView.queueOfNumber(QueueActor.queueNumberOf(header.offset()));
    if (source == null) {
      return QueueRequests.reply(
          request, ResponseCode.SYSTEM_ERROR, "no message at offset " + header.offset());
    }
    return queues
        .readAt(source.topic(), source.queueId(), header.offset())
        .thenCompose(
            found -> {
              if (found.records().isEmpty()) {
                return QueueRequests.reply(
                    request, ResponseCode.SYSTEM_ERROR, "no message at offset " + header.offset());
              }
              MessageRecord original;
              try {
                original = MessageRecordCodec.decode(found.records().get(0).duplicate());
              } catch (MessageFormatException e) {
                return QueueRequests.reply(request, ResponseCode.SYSTEM_ERROR, e.getMessage());
              }
              return sendBack(request, header, original);
            });
  }

  private CompletionStage<RemotingCommand> sendBack(
      RemotingCommand request, ConsumerSendMsgBackRequestHeader header, MessageRecord original) {
    int max =
        header.maxReconsumeTimes() == null
            ? config.maxReconsumeTimes()
            : header.maxReconsumeTimes();
    boolean dead = original.reconsumeTimes() >= max || header.delayLevel() < 0;
    String properties = retryProperties(header, original);
    if (dead) {
      String dlq = TopicValidator.dlqTopic(header.group());
      return topics
          .resolve(dlq, 1, true)
          .thenCompose(
              lookup ->
                  store(
                      request,
                      lookup,
                      found -> queues.append(dlq, 0, List.of(copy(original, dlq, 0, properties)))));
    }
    String retry = TopicValidator.retryTopic(header.group());
    int level = header.delayLevel() == 0 ? 3 + original.reconsumeTimes() : header.delayLevel();
    Duration delay = config.delayOf(level);
    long deliverAt = clock.getAsLong() + delay.toMillis();
    return topics
        .resolve(retry, 1, true)
        .thenCompose(
            lookup ->
                store(
                    request,
                    lookup,
                    found -> {
                      ByteBuffer parked =
                          copy(
                              original,
                              ParkedRecords.TIMER_TOPIC,
                              0,
                              ParkedRecords.parkedProperties(properties, retry, 0, deliverAt));
                      return parking.park(List.of(parked), new long[] {deliverAt});
                    }));
  }

  private String retryProperties(ConsumerSendMsgBackRequestHeader header, MessageRecord original) {
    String p = RecordRewrites.withoutDelay(original.properties());
    if (MessageProperties.get(p, MessageProperties.RETRY_TOPIC) == null) {
      p = MessageProperties.put(p, MessageProperties.RETRY_TOPIC, original.topic());
    }
    String originId = header.originMsgId();
    if (originId == null || originId.isBlank()) {
      originId = MessageIds.offsetMsgId(original.storeHost(), original.commitLogOffset());
    }
    return MessageProperties.put(p, MessageProperties.ORIGIN_MESSAGE_ID, originId);
  }

  private ByteBuffer copy(MessageRecord original, String topic, int queueId, String properties) {
    MessageProperties.checkLength(properties);
    return RecordRewrites.encode(
        original.toBuilder()
            .queueId(queueId)
            .queueOffset(0)
            .commitLogOffset(0)
            .storeTimestamp(clock.getAsLong())
            .storeHost(storeHost)
            .reconsumeTimes(original.reconsumeTimes() + 1)
            .preparedTransactionOffset(0)
            .topic(topic)
            .properties(properties)
            .build());
  }

  private interface Store {
    CompletionStage<AppendReply> into(TopicLookup.Found topic);
  }

  private static CompletionStage<RemotingCommand> store(
      RemotingCommand request, TopicLookup lookup, Store store) {
    if (!(lookup instanceof TopicLookup.Found found)) {
      return QueueRequests.reply(
          request, ResponseCode.SYSTEM_ERROR, "cannot create the retry topic: " + lookup);
    }
    CompletionStage<AppendReply> stored;
    try {
      stored = store.into(found);
    } catch (IllegalArgumentException e) {
      return QueueRequests.reply(request, ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
    }
    return stored.thenApply(
        reply ->
            reply instanceof AppendOk
                ? RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                : RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, reply.toString()));
  }
}
