package io.actormq.broker.handler;

import io.actormq.broker.BrokerConfig;
import io.actormq.broker.queue.QueueCommand.AppendFailed;
import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.broker.queue.QueueCommand.AppendReply;
import io.actormq.broker.queue.QueueRouter;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.broker.schedule.DeliveryTime;
import io.actormq.broker.schedule.MessageParking;
import io.actormq.broker.schedule.ParkedRecords;
import io.actormq.broker.topic.TopicConfig;
import io.actormq.broker.topic.TopicLookup;
import io.actormq.broker.topic.TopicValidator;
import io.actormq.broker.transaction.HalfMessages;
import io.actormq.broker.transaction.HalfRecords;
import io.actormq.protocol.header.SendMessageRequestHeader;
import io.actormq.protocol.header.SendMessageResponseHeader;
import io.actormq.protocol.message.BatchEntry;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageBatchCodec;
import io.actormq.protocol.message.MessageFormatException;
import io.actormq.protocol.message.MessageIds;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.UniqKeyGenerator;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

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
  private final MessageParking parking;
  private final HalfMessages halves;
  private final LongSupplier clock;

  public SendHandler(
      BrokerConfig config,
      TopicResolver topics,
      QueueRouter queues,
      StoredRecords records,
      HostAddress storeHost,
      MessageParking parking,
      HalfMessages halves,
      LongSupplier clock) {
    this.config = config;
    this.topics = topics;
    this.queues = queues;
    this.records = records;
    this.storeHost = storeHost;
    this.parking = parking;
    this.halves = halves;
    this.clock = clock;
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
    if (TopicValidator.isRetryTopic(header.topic()) && retriesExhausted(header)) {
      // The consumer's own fallback when CONSUMER_SEND_MSG_BACK failed, and the orderly consumer's
      // way out after its local retries: past the budget the message is dead.
      String dlq =
          TopicValidator.dlqTopic(header.topic().substring(TopicValidator.RETRY_PREFIX.length()));
      return topics
          .resolve(dlq, 1, true)
          .thenCompose(lookup -> send(request, header, lookup, conn, true));
    }
    return topics
        .resolve(header.topic(), header.defaultTopicQueueNums(), true)
        .thenCompose(lookup -> send(request, header, lookup, conn, false));
  }

  private boolean retriesExhausted(SendMessageRequestHeader header) {
    int max =
        header.maxReconsumeTimes() == null
            ? config.delivery().maxReconsumeTimes()
            : header.maxReconsumeTimes();
    return header.reconsumeTimes() != null && header.reconsumeTimes() >= max;
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
      ClientConnection conn,
      boolean deadLetter) {
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
    // A dead letter goes to any queue of the group's DLQ, whatever queue of the retry topic it
    // named.
    int queueId = deadLetter ? -1 : header.queueId();
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
    Encoded encoded;
    try {
      encoded =
          encode(
              request,
              header,
              topic.name(),
              queueId,
              HostAddress.of(conn.remoteAddress()),
              !deadLetter);
    } catch (MessageFormatException | IllegalArgumentException | ArithmeticException e) {
      return QueueRequests.reply(request, ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
    }
    int chosenQueue = queueId;
    CompletionStage<AppendReply> stored =
        switch (encoded.kind()) {
          case PLAIN -> queues.append(topic.name(), queueId, encoded.records());
          case PARKED -> parking.park(encoded.records(), encoded.deliverAt());
          case HALF ->
              halves.prepare(
                  encoded.records().get(0), encoded.producerGroup(), encoded.immunityMillis());
        };
    String transactionId = encoded.kind() == Kind.HALF ? encoded.uniqKey() : null;
    return stored.thenApply(
        appended ->
            appended instanceof AppendOk ok
                ? success(request, chosenQueue, ok, transactionId)
                : failure(request, (AppendFailed) appended));
  }

  /**
   * The records to store and how: as they are, parked for the timer (delayed or timed, with when
   * each is due), or as a transaction's half message.
   */
  private record Encoded(
      Kind kind,
      List<ByteBuffer> records,
      long[] deliverAt,
      String producerGroup,
      long immunityMillis,
      String uniqKey) {

    static Encoded plain(List<ByteBuffer> records) {
      return new Encoded(Kind.PLAIN, records, null, null, -1, null);
    }
  }

  private enum Kind {
    PLAIN,
    /** Delayed or timed: bound for the timer. */
    PARKED,
    /** A transaction's half message. */
    HALF
  }

  private Encoded encode(
      RemotingCommand request,
      SendMessageRequestHeader header,
      String topic,
      int queueId,
      HostAddress bornHost,
      boolean mayPark) {
    List<BatchEntry> entries;
    if (request.code() != RequestCode.SEND_BATCH_MESSAGE) {
      entries = List.of(new BatchEntry(header.flag(), request.body(), null));
    } else {
      entries = MessageBatchCodec.decode(request.body());
      if (entries.isEmpty()) {
        throw new IllegalArgumentException("the batch holds no message");
      }
    }
    if (entries.size() == 1 && mayPark) {
      String properties = header.properties();
      if ("true".equalsIgnoreCase(MessageProperties.get(properties, MessageProperties.TRAN_MSG))) {
        return half(header, entries.get(0), topic, queueId, bornHost, properties);
      }
    }
    long now = clock.getAsLong();
    List<ByteBuffer> out = new ArrayList<>(entries.size());
    long[] deliverAt = new long[entries.size()];
    int parked = 0;
    for (int i = 0; i < entries.size(); i++) {
      BatchEntry entry = entries.get(i);
      String properties = header.properties();
      // A single message's entry has none (BatchEntry makes them empty, never null).
      if (entry.properties().hasRemaining()) {
        // Entry properties come last so that they win over the batch-level ones of the header.
        String own = StandardCharsets.UTF_8.decode(entry.properties()).toString();
        properties = MessageProperties.concat(properties, own);
      }
      long due = mayPark ? DeliveryTime.of(properties, now, config.delivery()) : DeliveryTime.NOW;
      if (due == DeliveryTime.NOW) {
        out.add(
            records.encode(
                topic,
                header,
                queueId,
                bornHost,
                storeHost,
                entry.flag(),
                entry.body(),
                properties));
      } else {
        deliverAt[parked++] = due;
        out.add(
            records.encode(
                ParkedRecords.TIMER_TOPIC,
                header,
                0,
                bornHost,
                storeHost,
                entry.flag(),
                entry.body(),
                ParkedRecords.parkedProperties(properties, topic, queueId, due)));
      }
    }
    if (parked == 0) {
      return Encoded.plain(out);
    }
    if (parked != entries.size()) {
      throw new IllegalArgumentException("a batch may not mix delayed and immediate messages");
    }
    return new Encoded(Kind.PARKED, out, deliverAt, null, -1, null);
  }

  private Encoded half(
      SendMessageRequestHeader header,
      BatchEntry entry,
      String topic,
      int queueId,
      HostAddress bornHost,
      String properties) {
    String producerGroup = MessageProperties.get(properties, MessageProperties.PGROUP);
    if (producerGroup == null || producerGroup.isBlank()) {
      producerGroup = header.producerGroup();
    }
    String immunity =
        MessageProperties.get(properties, MessageProperties.CHECK_IMMUNITY_TIME_IN_SECONDS);
    long immunityMillis;
    try {
      immunityMillis =
          immunity == null ? -1 : Math.multiplyExact(Long.parseLong(immunity.trim()), 1000L);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "property CHECK_IMMUNITY_TIME_IN_SECONDS is not a number: " + immunity);
    }
    String uniqKey = MessageProperties.get(properties, MessageProperties.UNIQ_KEY);
    if (uniqKey == null) {
      // Made here rather than by the encoder: the reply names it as the transaction id.
      uniqKey = UniqKeyGenerator.shared().next();
      properties = MessageProperties.put(properties, MessageProperties.UNIQ_KEY, uniqKey);
    }
    ByteBuffer record =
        records.encode(
            HalfRecords.HALF_TOPIC,
            header,
            0,
            bornHost,
            storeHost,
            entry.flag(),
            entry.body(),
            HalfRecords.halfProperties(properties, topic, queueId));
    return new Encoded(Kind.HALF, List.of(record), null, producerGroup, immunityMillis, uniqKey);
  }

  private RemotingCommand success(
      RemotingCommand request, int queueId, AppendOk ok, String transactionId) {
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
            msgIds.toString(),
            queueId,
            ok.firstOffset(),
            transactionId,
            null,
            null,
            "DefaultRegion",
            true);
    return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, header, null);
  }

  private static RemotingCommand failure(RemotingCommand request, AppendFailed failed) {
    return RemotingCommand.responseTo(request, failed.responseCode(), failed.reason());
  }
}
