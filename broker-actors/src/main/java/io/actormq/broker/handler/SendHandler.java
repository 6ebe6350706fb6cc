package io.actormq.broker.handler;

import io.actormq.broker.BrokerConfig;
import io.actormq.broker.queue.QueueCommand.AppendFailed;
import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.broker.queue.QueueRouter;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.broker.topic.TopicConfig;
import io.actormq.broker.topic.TopicLookup;
import io.actormq.broker.topic.TopicValidator;
import io.actormq.protocol.header.SendMessageRequestHeader;
import io.actormq.protocol.header.SendMessageResponseHeader;
import io.actormq.protocol.message.BatchEntry;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageBatchCodec;
import io.actormq.protocol.message.MessageFormatException;
import io.actormq.protocol.message.MessageIds;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320): checks the request, turns
 * it into stored records ({@link StoredRecords}) and appends them to the queue actor; the answer
 * goes out once the records are durable under the flush policy.
 */
public final class SendHandler implements RequestHandler {

  private final BrokerConfig config;
  private final TopicResolver topics;
  private final QueueRouter queues;
  private final StoredRecords records;
  private final HostAddress storeHost;

  public SendHandler(
      BrokerConfig config,
      TopicResolver topics,
      QueueRouter queues,
      StoredRecords records,
      HostAddress storeHost) {
    this.config = config;
    this.topics = topics;
    this.queues = queues;
    this.records = records;
    this.storeHost = storeHost;
  }

  @Override
  public CompletionStage<RemotingCommand> handle(RemotingCommand request, ClientConnection conn) {
    SendMessageRequestHeader header = SendMessageRequestHeader.fromRequest(request);
    String invalid = TopicValidator.checkName(header.topic());
    if (invalid == null && TopicValidator.isSendForbidden(header.topic())) {
      invalid = "sending to system topic " + header.topic() + " is forbidden";
    }
    if (invalid != null) {
      return QueueRequests.reply(request, ResponseCode.INVALID_PARAMETER, invalid);
    }
    String bodyProblem = checkBody(request.body());
    if (bodyProblem != null) {
      return QueueRequests.reply(request, ResponseCode.MESSAGE_ILLEGAL, bodyProblem);
    }
    return topics
        .resolve(header.topic(), header.defaultTopicQueueNums(), true)
        .thenCompose(lookup -> send(request, header, lookup, conn));
  }

  private String checkBody(ByteBuffer body) {
    if (body == null || !body.hasRemaining()) {
      return "message body is empty";
    }
    if (body.remaining() > config.maxBodyBytes()) {
      return "message body of "
          + body.remaining()
          + " bytes exceeds the maximum of "
          + config.maxBodyBytes();
    }
    return null;
  }

  private CompletionStage<RemotingCommand> send(
      RemotingCommand request,
      SendMessageRequestHeader header,
      TopicLookup lookup,
      ClientConnection conn) {
    if (!(lookup instanceof TopicLookup.Found found)) {
      String reason =
          lookup instanceof TopicLookup.NotFound nf
              ? nf.reason()
              : ((TopicLookup.Rejected) lookup).reason();
      int code =
          lookup instanceof TopicLookup.NotFound
              ? ResponseCode.TOPIC_NOT_EXIST
              : ResponseCode.INVALID_PARAMETER;
      return QueueRequests.reply(request, code, reason);
    }
    TopicConfig topic = found.config();
    if (!topic.writable()) {
      return QueueRequests.reply(
          request, ResponseCode.NO_PERMISSION, "topic " + topic.name() + " is not writable");
    }
    int queueId = header.queueId();
    if (queueId < 0) {
      queueId = ThreadLocalRandom.current().nextInt(topic.writeQueueNums());
    } else if (queueId >= topic.writeQueueNums()) {
      // SYSTEM_ERROR, as RocketMQ answers: the client retries with a fresh route.
      return QueueRequests.reply(
          request,
          ResponseCode.SYSTEM_ERROR,
          "queueId "
              + queueId
              + " is illegal: topic "
              + topic.name()
              + " has "
              + topic.writeQueueNums()
              + " write queues");
    }
    List<ByteBuffer> stored;
    try {
      stored = encode(request, header, queueId, HostAddress.of(conn.remoteAddress()));
    } catch (MessageFormatException | IllegalArgumentException e) {
      return QueueRequests.reply(request, ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
    }
    int chosenQueue = queueId;
    return queues
        .append(topic.name(), queueId, stored)
        .thenApply(
            appended ->
                appended instanceof AppendOk ok
                    ? success(request, chosenQueue, ok)
                    : failure(request, (AppendFailed) appended));
  }

  private List<ByteBuffer> encode(
      RemotingCommand request, SendMessageRequestHeader header, int queueId, HostAddress bornHost) {
    if (request.code() != RequestCode.SEND_BATCH_MESSAGE) {
      return List.of(
          records.encode(
              header,
              queueId,
              bornHost,
              storeHost,
              header.flag(),
              request.body(),
              header.properties()));
    }
    List<BatchEntry> entries = MessageBatchCodec.decode(request.body());
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("the batch holds no message");
    }
    List<ByteBuffer> out = new ArrayList<>(entries.size());
    for (BatchEntry entry : entries) {
      // Entry properties come last so that they win over the batch-level ones of the header.
      String own = StandardCharsets.UTF_8.decode(entry.properties()).toString();
      String properties = MessageProperties.concat(header.properties(), own);
      out.add(
          records.encode(
              header, queueId, bornHost, storeHost, entry.flag(), entry.body(), properties));
    }
    return out;
  }

  private RemotingCommand success(RemotingCommand request, int queueId, AppendOk ok) {
    long[] offsets = ok.commitLogOffsets();
    StringBuilder msgIds = new StringBuilder(offsets.length * 33);
    for (int i = 0; i < offsets.length; i++) {
      if (i > 0) {
        msgIds.append(',');
      }
      msgIds.append(MessageIds.offsetMsgId(storeHost, offsets[i]));
    }
    SendMessageResponseHeader header =
        new SendMessageResponseHeader(
            msgIds.toString(), queueId, ok.firstOffset(), null, null, null, "DefaultRegion", true);
    return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, header, null);
  }

  private static RemotingCommand failure(RemotingCommand request, AppendFailed failed) {
    return RemotingCommand.responseTo(request, failed.responseCode(), failed.reason());
  }
}
