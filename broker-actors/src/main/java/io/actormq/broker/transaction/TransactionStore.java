package io.actormq.broker.transaction;

import io.actormq.broker.TransactionConfig;
import io.actormq.broker.handler.TopicResolver;
import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.broker.queue.QueueCommand.AppendReply;
import io.actormq.broker.queue.QueueRouter;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.topic.TopicLookup;
import io.actormq.broker.transaction.HalfRecords.Op;
import io.actormq.broker.transaction.HalfRecords.OpEntry;
import io.actormq.protocol.header.CheckTransactionStateRequestHeader;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageIds;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The node's {@link TransactionBackend}: the half and op logs are queue 0 of their system topics
 * and the real queues are reached like every queue, through sharding; checks go to the producer
 * group's connections on this node.
 */
public final class TransactionStore implements TransactionBackend {

  private final QueueRouter queues;
  private final TopicResolver destinations;
  private final Supplier<CompletionStage<?>> createTopics;
  private final Function<String, List<ClientConnection>> producersOfGroup;
  private final HostAddress storeHost;
  private final TransactionConfig config;
  private final LongSupplier clock;

  public TransactionStore(
      QueueRouter queues,
      TopicResolver destinations,
      Supplier<CompletionStage<?>> createTopics,
      Function<String, List<ClientConnection>> producersOfGroup,
      HostAddress storeHost,
      TransactionConfig config,
      LongSupplier clock) {
    this.queues = queues;
    this.destinations = destinations;
    this.createTopics = createTopics;
    this.producersOfGroup = producersOfGroup;
    this.storeHost = storeHost;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public long now() {
    return clock.getAsLong();
  }

  /** What the op log says about one half. */
  private static final class OpSummary {
    State decision = State.OPEN;
    boolean applied;
    int checks;
  }

  @Override
  public CompletionStage<Recovered> open() {
    Map<Long, OpSummary> ops = new HashMap<>();
    List<Half> halves = new ArrayList<>();
    return createTopics
        .get()
        .thenCompose(
            created ->
                scan(
                    HalfRecords.OP_TOPIC,
                    record -> {
                      OpEntry entry = HalfRecords.parseOp(record);
                      if (entry != null) {
                        summarize(
                            ops.computeIfAbsent(entry.halfOffset(), o -> new OpSummary()),
                            entry.op());
                      }
                    }))
        .thenCompose(
            opsRead ->
                scan(
                    HalfRecords.HALF_TOPIC,
                    half -> halves.add(recoveredHalf(half, ops.get(half.queueOffset())))))
        .thenApply(halvesRead -> new Recovered(halves));
  }

  private static void summarize(OpSummary summary, Op op) {
    switch (op) {
      case COMMIT -> summary.decision = summary.applied ? State.COMMITTED : State.COMMITTING;
      case APPLIED -> {
        summary.applied = true;
        summary.decision = State.COMMITTED;
      }
      case ROLLBACK -> summary.decision = State.ROLLED_BACK;
      case DISCARD -> summary.decision = State.DISCARDED;
      case CHECKED -> summary.checks++;
    }
  }

  private Half recoveredHalf(MessageRecord half, OpSummary ops) {
    long immunitySeconds = HalfRecords.immunitySecondsOf(half);
    long immunity =
        immunitySeconds >= 0 ? immunitySeconds * 1000 : config.checkImmunity().toMillis();
    // Checked before the restart: the next check is an interval after the recovery, not at once.
    long firstCheckAt =
        ops != null && ops.checks > 0
            ? now() + config.checkInterval().toMillis()
            : half.storeTimestamp() + immunity;
    return new Half(
        half.queueOffset(),
        ops == null ? State.OPEN : ops.decision,
        HalfRecords.producerGroupOf(half),
        firstCheckAt,
        ops == null ? 0 : ops.checks);
  }

  /** Feeds {@code each} every record of queue 0 of {@code topic}, in offset order. */
  private CompletionStage<Long> scan(String topic, Consumer<MessageRecord> each) {
    return queues
        .bounds(topic, 0)
        .thenCompose(b -> queues.scan(topic, 0, b.minOffset(), b.maxOffset(), each));
  }

  @Override
  public CompletionStage<AppendReply> prepare(List<ByteBuffer> halves) {
    return queues.append(HalfRecords.HALF_TOPIC, 0, halves);
  }

  @Override
  public CompletionStage<Void> commit(long halfOffset) {
    return writeOp(halfOffset, Op.COMMIT)
        .thenCompose(v -> readHalf(halfOffset))
        .thenCompose(this::storeCommittedCopy)
        .thenCompose(v -> writeOp(halfOffset, Op.APPLIED));
  }

  private CompletionStage<Void> storeCommittedCopy(MessageRecord half) {
    String topic = HalfRecords.realTopicOf(half);
    if (topic == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("half message " + half.queueOffset() + " has no REAL_TOPIC"));
    }
    return destinations
        .resolve(topic, 0, true)
        .thenCompose(
            lookup -> {
              if (!(lookup instanceof TopicLookup.Found found)) {
                return CompletableFuture.failedFuture(
                    new IllegalStateException("cannot commit to " + topic + ": " + lookup));
              }
              HalfRecords.Destination copy =
                  HalfRecords.committed(half, found.config().writeQueueNums(), now());
              String uniqKey = half.property(MessageProperties.UNIQ_KEY);
              CompletionStage<Boolean> present =
                  uniqKey == null
                      ? CompletableFuture.completedFuture(false)
                      : queues
                          .queryKey(
                              copy.topic(),
                              copy.queueId(),
                              uniqKey,
                              half.storeTimestamp(),
                              Long.MAX_VALUE,
                              1)
                          .thenApply(found1 -> !found1.records().isEmpty());
              return present.thenCompose(
                  already ->
                      already
                          ? CompletableFuture.completedFuture(null)
                          : queues
                              .append(copy.topic(), copy.queueId(), List.of(copy.record()))
                              .thenApply(TransactionStore::requireStored));
            });
  }

  @Override
  public CompletionStage<Void> rollback(long halfOffset) {
    return writeOp(halfOffset, Op.ROLLBACK);
  }

  @Override
  public CompletionStage<Boolean> check(long halfOffset, String producerGroup) {
    return writeOp(halfOffset, Op.CHECKED)
        .thenCompose(v -> readHalf(halfOffset))
        .thenApply(half -> sendCheck(half, producerGroup));
  }

  private boolean sendCheck(MessageRecord half, String producerGroup) {
    List<ClientConnection> producers =
        producerGroup == null ? List.of() : producersOfGroup.apply(producerGroup);
    List<ClientConnection> live = producers.stream().filter(ClientConnection::isOpen).toList();
    if (live.isEmpty()) {
      return false;
    }
    String uniqKey = half.property(MessageProperties.UNIQ_KEY);
    String transactionId = half.property(MessageProperties.TRANSACTION_ID);
    CheckTransactionStateRequestHeader header =
        new CheckTransactionStateRequestHeader(
            HalfRecords.realTopicOf(half),
            half.queueOffset(),
            half.commitLogOffset(),
            uniqKey,
            transactionId != null ? transactionId : uniqKey,
            MessageIds.offsetMsgId(storeHost, half.commitLogOffset()));
    RemotingCommand request =
        RemotingCommand.request(
                RequestCode.CHECK_TRANSACTION_STATE, 0, header, HalfRecords.checkBody(half))
            .asOneway();
    // Any member will do: the one that sent the half may be gone.
    int first = ThreadLocalRandom.current().nextInt(live.size());
    for (int i = 0; i < live.size(); i++) {
      if (live.get((first + i) % live.size()).send(request)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public CompletionStage<Void> discard(long halfOffset) {
    return writeOp(halfOffset, Op.DISCARD)
        .thenCompose(v -> readHalf(halfOffset))
        .thenCompose(
            half ->
                queues.append(
                    HalfRecords.DISCARD_TOPIC, 0, List.of(HalfRecords.discarded(half, now()))))
        .thenApply(TransactionStore::requireStored);
  }

  private CompletionStage<Void> writeOp(long halfOffset, Op op) {
    return queues
        .append(HalfRecords.OP_TOPIC, 0, List.of(HalfRecords.op(halfOffset, op, storeHost, now())))
        .thenApply(TransactionStore::requireStored);
  }

  private CompletionStage<MessageRecord> readHalf(long halfOffset) {
    return queues
        .readOffsets(HalfRecords.HALF_TOPIC, 0, new long[] {halfOffset})
        .thenApply(
            found -> {
              if (found.records().isEmpty()) {
                throw new IllegalStateException("no half message at offset " + halfOffset);
              }
              return MessageRecordCodec.decode(found.records().get(0).duplicate());
            });
  }

  private static Void requireStored(AppendReply reply) {
    if (!(reply instanceof AppendOk)) {
      throw new IllegalStateException("append failed: " + reply);
    }
    return null;
  }
}
