package io.actormq.client;

import io.actormq.protocol.body.ConsumerData;
import io.actormq.protocol.body.ConsumerIdList;
import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.body.SubscriptionData;
import io.actormq.protocol.body.TopicRouteData;
import io.actormq.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.actormq.protocol.header.GetConsumerListByGroupRequestHeader;
import io.actormq.protocol.header.GetMaxOffsetRequestHeader;
import io.actormq.protocol.header.GetMaxOffsetResponseHeader;
import io.actormq.protocol.header.PullMessageRequestHeader;
import io.actormq.protocol.header.PullMessageResponseHeader;
import io.actormq.protocol.header.QueryConsumerOffsetRequestHeader;
import io.actormq.protocol.header.QueryConsumerOffsetResponseHeader;
import io.actormq.protocol.header.SearchOffsetRequestHeader;
import io.actormq.protocol.header.SearchOffsetResponseHeader;
import io.actormq.protocol.header.SendMessageRequestHeaderV2;
import io.actormq.protocol.header.UpdateConsumerOffsetRequestHeader;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** {@link ConsumerTransport} over the remoting protocol, through the client's connections. */
final class BrokerConsumerTransport implements ConsumerTransport {

  private final ActorMqClient client;
  private final ConsumerSettings settings;
  private final long subVersion = System.currentTimeMillis();
  private final QueueLocks locks;
  private volatile ActorMqClient.ConsumerRegistration registration;

  BrokerConsumerTransport(ActorMqClient client, ConsumerSettings settings) {
    this.client = client;
    this.settings = settings;
    this.locks = new QueueLocks(client, settings.group());
  }

  @Override
  public String clientId() {
    return client.clientId();
  }

  private boolean clustering() {
    return settings.model() == ConsumerSettings.MessageModel.CLUSTERING;
  }

  private ConsumerData consumerData() {
    List<SubscriptionData> subs = new ArrayList<>();
    subs.add(SubscriptionData.ofTags(settings.topic(), settings.tagExpression(), subVersion));
    if (clustering()) {
      subs.add(SubscriptionData.ofTags(settings.retryTopic(), "*", subVersion));
    }
    String from =
        switch (settings.consumeFrom()) {
          case FIRST_OFFSET -> ConsumerData.CONSUME_FROM_FIRST_OFFSET;
          case LAST_OFFSET -> ConsumerData.CONSUME_FROM_LAST_OFFSET;
          case TIMESTAMP -> ConsumerData.CONSUME_FROM_TIMESTAMP;
        };
    return new ConsumerData(
        settings.group(),
        ConsumerData.CONSUME_PASSIVELY,
        clustering() ? ConsumerData.CLUSTERING : ConsumerData.BROADCASTING,
        from,
        false,
        subs);
  }

  @Override
  public CompletableFuture<Void> join(
      Runnable onMembersChanged, Supplier<CompletableFuture<Void>> stop) {
    return join(onMembersChanged, topic -> {}, stop);
  }

  @Override
  public CompletableFuture<Void> join(
      Runnable onMembersChanged,
      java.util.function.Consumer<String> onOffsetsReset,
      Supplier<CompletableFuture<Void>> stop) {
    ActorMqClient.ConsumerRegistration r =
        new ActorMqClient.ConsumerRegistration(
            this::consumerData, onMembersChanged, onOffsetsReset, stop);
    // The heartbeat goes to the brokers of known routes: learn the topic's route first.
    return client
        .routes()
        .route(settings.topic())
        .thenCompose(
            route -> {
              client.registerConsumer(settings.group(), r);
              registration = r;
              return client.heartbeatNow();
            });
  }

  @Override
  public CompletableFuture<Void> leave() {
    ActorMqClient.ConsumerRegistration r = registration;
    return r == null
        ? CompletableFuture.completedFuture(null)
        : client.unregisterConsumer(settings.group(), r);
  }

  @Override
  public CompletableFuture<List<MessageQueue>> queues(String topic) {
    return client
        .routes()
        .fetch(topic)
        .thenApply(route -> RouteTable.readQueues(topic, route))
        .exceptionally(
            e -> {
              // A retry topic exists only after the first nack.
              if (BrokerSender.unwrap(e) instanceof BrokerException b
                  && b.code() == ResponseCode.TOPIC_NOT_EXIST) {
                return List.of();
              }
              throw new CompletionException(BrokerSender.unwrap(e));
            });
  }

  // Every broker knows the whole group; one of the subscribed topic's brokers is asked, since the
  // retry topic may have no route yet.
  @Override
  public CompletableFuture<List<String>> members(String topic) {
    return client
        .routes()
        .route(settings.topic())
        .thenCompose(route -> anyMaster(route))
        .thenCompose(
            addr ->
                client.invoke(
                    addr,
                    RemotingCommand.request(
                        RequestCode.GET_CONSUMER_LIST_BY_GROUP,
                        0,
                        new GetConsumerListByGroupRequestHeader(settings.group()),
                        null),
                    client.requestTimeoutMillis()))
        .thenApply(
            r -> {
              if (r.code() != ResponseCode.SUCCESS) {
                throw new BrokerException(r.code(), r.remark());
              }
              List<String> ids =
                  new ArrayList<>(ConsumerIdList.fromJson(Bytes.of(r.body())).consumerIdList());
              ids.sort(null);
              return ids;
            });
  }

  private CompletableFuture<String> anyMaster(TopicRouteData route) {
    return route.brokerDatas().stream()
        .filter(b -> b.masterAddr() != null)
        .findFirst()
        .map(b -> CompletableFuture.completedFuture(b.masterAddr()))
        .orElseGet(
            () -> CompletableFuture.failedFuture(new IllegalStateException("no broker in route")));
  }

  private CompletableFuture<RemotingCommand> call(
      MessageQueue q, int code, io.actormq.protocol.remoting.CommandHeader h, long timeout) {
    return client
        .masterOf(q.brokerName())
        .thenCompose(
            addr -> client.invoke(addr, RemotingCommand.request(code, 0, h, null), timeout));
  }

  @Override
  public CompletableFuture<Long> startOffset(MessageQueue q) {
    if (!clustering()) {
      return fromWhere(q);
    }
    return call(
            q,
            RequestCode.QUERY_CONSUMER_OFFSET,
            new QueryConsumerOffsetRequestHeader(settings.group(), q.topic(), q.queueId(), null),
            client.requestTimeoutMillis())
        .thenCompose(
            r -> {
              if (r.code() == ResponseCode.SUCCESS) {
                long offset =
                    QueryConsumerOffsetResponseHeader.fromExtFields(r.extFields()).offset();
                if (offset >= 0) {
                  return CompletableFuture.completedFuture(offset);
                }
              } else if (r.code() != ResponseCode.QUERY_NOT_FOUND) {
                throw new BrokerException(r.code(), r.remark());
              }
              return q.topic().equals(settings.retryTopic())
                  ? CompletableFuture.completedFuture(0L)
                  : fromWhere(q);
            });
  }

  private CompletableFuture<Long> fromWhere(MessageQueue q) {
    return switch (settings.consumeFrom()) {
      case FIRST_OFFSET -> CompletableFuture.completedFuture(0L);
      case LAST_OFFSET ->
          call(
                  q,
                  RequestCode.GET_MAX_OFFSET,
                  new GetMaxOffsetRequestHeader(q.topic(), q.queueId(), true),
                  client.requestTimeoutMillis())
              .thenApply(
                  r -> ok(r, GetMaxOffsetResponseHeader.fromExtFields(r.extFields()).offset()));
      case TIMESTAMP ->
          call(
                  q,
                  RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                  new SearchOffsetRequestHeader(
                      q.topic(), q.queueId(), settings.consumeTimestamp(), null),
                  client.requestTimeoutMillis())
              .thenApply(
                  r -> ok(r, SearchOffsetResponseHeader.fromExtFields(r.extFields()).offset()));
    };
  }

  private static long ok(RemotingCommand r, long value) {
    if (r.code() != ResponseCode.SUCCESS) {
      throw new BrokerException(r.code(), r.remark());
    }
    return value;
  }

  @Override
  public CompletableFuture<Pulled> pull(MessageQueue q, long offset, int max) {
    boolean retry = q.topic().equals(settings.retryTopic());
    long suspend = settings.pullSuspend().toMillis();
    PullMessageRequestHeader h =
        new PullMessageRequestHeader(
            settings.group(),
            q.topic(),
            q.queueId(),
            offset,
            max,
            PullMessageRequestHeader.FLAG_SUSPEND | PullMessageRequestHeader.FLAG_SUBSCRIPTION,
            0,
            suspend,
            retry ? "*" : settings.tagExpression(),
            subVersion,
            SubscriptionData.EXPRESSION_TAG,
            null);
    return call(q, RequestCode.PULL_MESSAGE, h, suspend + client.requestTimeoutMillis())
        .thenApply(r -> pulled(q, r));
  }

  private Pulled pulled(MessageQueue q, RemotingCommand r) {
    PullStatus status =
        switch (r.code()) {
          case ResponseCode.SUCCESS -> PullStatus.FOUND;
          case ResponseCode.PULL_NOT_FOUND -> PullStatus.NO_NEW_MESSAGES;
          case ResponseCode.PULL_RETRY_IMMEDIATELY -> PullStatus.RETRY_IMMEDIATELY;
          case ResponseCode.PULL_OFFSET_MOVED -> PullStatus.OFFSET_MOVED;
          default -> throw new BrokerException(r.code(), r.remark());
        };
    long next = PullMessageResponseHeader.fromExtFields(r.extFields()).nextBeginOffset();
    if (status != PullStatus.FOUND || r.body() == null) {
      return new Pulled(status, next, List.of());
    }
    return new Pulled(status, next, decode(q, r.body()));
  }

  // One slice per record, no copy: the messages read the response's bytes in place.
  private List<ReceivedMessage> decode(MessageQueue q, ByteBuffer body) {
    try {
      return ReceivedMessage.fromPullBody(q, q.topic().equals(settings.retryTopic()), body);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public CompletableFuture<Void> commit(MessageQueue q, long offset) {
    return call(
            q,
            RequestCode.UPDATE_CONSUMER_OFFSET,
            new UpdateConsumerOffsetRequestHeader(settings.group(), q.topic(), q.queueId(), offset),
            client.requestTimeoutMillis())
        .thenAccept(r -> ok(r, 0));
  }

  @Override
  public CompletableFuture<Void> sendBack(ReceivedMessage m, int delayLevel) {
    ConsumerSendMsgBackRequestHeader h =
        new ConsumerSendMsgBackRequestHeader(
            m.commitLogOffset(),
            settings.group(),
            delayLevel,
            m.msgId(),
            m.topic(),
            false,
            settings.maxReconsumeTimes());
    return call(m.queue(), RequestCode.CONSUMER_SEND_MSG_BACK, h, client.requestTimeoutMillis())
        .thenCompose(
            r ->
                r.code() == ResponseCode.SUCCESS
                    ? CompletableFuture.<Void>completedFuture(null)
                    : resend(m, delayLevel));
  }

  // The official client's fallback when the node refuses the send-back: a plain send of a copy
  // to the retry topic, with the bookkeeping properties the node would have added.
  private CompletableFuture<Void> resend(ReceivedMessage m, int delayLevel) {
    String props = m.encodedProperties() == null ? "" : m.encodedProperties();
    if (MessageProperties.get(props, MessageProperties.RETRY_TOPIC) == null) {
      props = MessageProperties.put(props, MessageProperties.RETRY_TOPIC, m.topic());
    }
    props = MessageProperties.put(props, MessageProperties.ORIGIN_MESSAGE_ID, m.msgId());
    int level = delayLevel > 0 ? delayLevel : 3 + m.reconsumeTimes();
    props = MessageProperties.put(props, MessageProperties.DELAY, Integer.toString(level));
    String properties = props;
    return client
        .routes()
        .route(settings.retryTopic())
        .thenCompose(
            route -> {
              List<MessageQueue> queues = RouteTable.writeQueues(settings.retryTopic(), route);
              if (queues.isEmpty()) {
                throw new IllegalStateException("no writable retry queue");
              }
              MessageQueue target = queues.get(0);
              SendMessageRequestHeaderV2 h =
                  new SendMessageRequestHeaderV2(
                      settings.group(),
                      target.topic(),
                      "TBW102",
                      4,
                      target.queueId(),
                      0,
                      m.bornTimestamp(),
                      m.flag(),
                      properties,
                      m.reconsumeTimes() + 1,
                      false,
                      settings.maxReconsumeTimes(),
                      false,
                      target.brokerName());
              return client
                  .masterOf(target.brokerName())
                  .thenCompose(
                      addr ->
                          client.invoke(
                              addr,
                              RemotingCommand.request(
                                  RequestCode.SEND_MESSAGE_V2, 0, h, m.bodyBuffer()),
                              client.requestTimeoutMillis()));
            })
        .thenAccept(r -> ok(r, 0));
  }

  @Override
  public CompletableFuture<Set<MessageQueue>> lock(Set<MessageQueue> queues) {
    return locks.lock(queues);
  }

  @Override
  public CompletableFuture<Void> unlock(Set<MessageQueue> queues) {
    return locks.unlock(queues);
  }
}
