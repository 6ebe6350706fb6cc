package io.actormq.broker.schedule;

import io.actormq.broker.DeliveryConfig;
import io.actormq.broker.handler.TopicResolver;
import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.broker.queue.QueueCommand.AppendReply;
import io.actormq.broker.queue.QueueRouter;
import io.actormq.broker.topic.TopicLookup;
import io.actormq.persistence.timer.TimerIndex;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link TimerBackend}: the timer log is queue 0 of the timer topic, reached like every
 * queue through sharding, and due records go to their destination queues the same way. Holds no
 * state of its own beyond its collaborators.
 */
public final class TimerStore implements TimerBackend {

  private static final Logger log = LoggerFactory.getLogger(TimerStore.class);
  private static final int CHUNK_ENTRIES = 1 << 20;

  private final QueueRouter queues;
  private final TopicResolver destinations;
  private final Supplier<CompletionStage<TopicLookup>> createTimerTopic;
  private final Path dir;
  private final DeliveryConfig config;
  private final LongSupplier clock;
  private final Executor blockingIo;

  public TimerStore(
      QueueRouter queues,
      TopicResolver destinations,
      Supplier<CompletionStage<TopicLookup>> createTimerTopic,
      Path dir,
      DeliveryConfig config,
      LongSupplier clock,
      Executor blockingIo) {
    this.queues = queues;
    this.destinations = destinations;
    this.createTimerTopic = createTimerTopic;
    this.dir = dir;
    this.config = config;
    this.clock = clock;
    this.blockingIo = blockingIo;
  }

  @Override
  public long now() {
    return clock.getAsLong();
  }

  @Override
  public Duration tick() {
    return config.timerTick();
  }

  @Override
  public void trimBelow(long offset) {
    queues.trimBelow(ParkedRecords.TIMER_TOPIC, 0, offset);
  }

  @Override
  public CompletionStage<Void> runBlocking(Runnable task) {
    return CompletableFuture.runAsync(task, blockingIo);
  }

  /** Makes sure the timer topic exists, opens the index and restores what it had not recorded. */
  @Override
  public CompletionStage<Recovered> open() {
    return createTimerTopic
        .get()
        .thenApplyAsync(
            lookup -> {
              if (!(lookup instanceof TopicLookup.Found)) {
                throw new IllegalStateException("cannot create the timer topic: " + lookup);
              }
              try {
                return TimerIndex.open(dir, config.timerHorizon().toSeconds() + 1, CHUNK_ENTRIES);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            blockingIo)
        .thenCompose(
            index ->
                queues
                    .bounds(ParkedRecords.TIMER_TOPIC, 0)
                    .thenCompose(b -> restore(index, index.watermark(), b.maxOffset())))
        .thenApply(Recovered::new);
  }

  // The log is the source of truth: records past the index's watermark are recorded again.
  private CompletionStage<TimerIndex> restore(TimerIndex index, long from, long end) {
    return queues
        .scan(
            ParkedRecords.TIMER_TOPIC,
            0,
            from,
            end,
            parked -> {
              long due = ParkedRecords.deliverAtOf(parked);
              index.restore(parked.queueOffset(), Math.max(due, 0));
              if (due < 0) {
                index.markDone(parked.queueOffset());
              }
            })
        .thenApply(
            reached -> {
              if (reached < end) {
                log.warn(
                    "timer log could not be read from {} to {}; those messages are lost",
                    reached,
                    end);
              }
              return index;
            });
  }

  /** Appends parked records to the timer topic's queue. */
  @Override
  public CompletionStage<AppendReply> park(List<ByteBuffer> records) {
    return queues.append(ParkedRecords.TIMER_TOPIC, 0, records);
  }

  /** Reads the parked records of {@code indexes} and appends each to its destination queue. */
  @Override
  public CompletionStage<Outcome> deliver(long[] indexes) {
    return queues
        .readOffsets(ParkedRecords.TIMER_TOPIC, 0, indexes)
        .thenCompose(
            found -> {
              Map<Long, MessageRecord> byIndex = new HashMap<>();
              for (ByteBuffer record : found.records()) {
                MessageRecord parked = MessageRecordCodec.decode(record.duplicate());
                byIndex.put(parked.queueOffset(), parked);
              }
              OutcomeBuilder outcome = new OutcomeBuilder();
              Map<String, List<Long>> byTopic = new LinkedHashMap<>();
              for (long i : indexes) {
                MessageRecord parked = byIndex.get(i);
                String topic = parked == null ? null : ParkedRecords.realTopicOf(parked);
                if (topic == null) {
                  outcome.giveUp(i, "parked record " + i + " is missing or has no REAL_TOPIC");
                } else {
                  byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(i);
                }
              }
              List<CompletableFuture<Void>> sends = new ArrayList<>();
              byTopic.forEach(
                  (topic, entries) ->
                      sends.add(
                          deliverToTopic(topic, entries, byIndex, outcome).toCompletableFuture()));
              return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                  .thenApply(v -> outcome.build());
            });
  }

  private CompletionStage<Void> deliverToTopic(
      String topic, List<Long> entries, Map<Long, MessageRecord> byIndex, OutcomeBuilder outcome) {
    return destinations
        .resolve(topic, 0, true)
        .thenCompose(
            lookup -> {
              if (!(lookup instanceof TopicLookup.Found found)) {
                entries.forEach(i -> outcome.giveUp(i, "destination refused: " + lookup));
                return CompletableFuture.completedFuture(null);
              }
              long now = clock.getAsLong();
              Map<Integer, List<Long>> byQueue = new HashMap<>();
              Map<Integer, List<ByteBuffer>> records = new HashMap<>();
              for (long i : entries) {
                ParkedRecords.Delivery d =
                    ParkedRecords.unpark(byIndex.get(i), found.config().writeQueueNums(), now);
                byQueue.computeIfAbsent(d.queueId(), q -> new ArrayList<>()).add(i);
                records.computeIfAbsent(d.queueId(), q -> new ArrayList<>()).add(d.record());
              }
              List<CompletableFuture<Void>> appends = new ArrayList<>();
              byQueue.forEach(
                  (queueId, ids) ->
                      appends.add(
                          queues
                              .append(topic, queueId, records.get(queueId))
                              .handle(
                                  (reply, failure) -> {
                                    outcome.appended(ids, reply, failure);
                                    return (Void) null;
                                  })
                              .toCompletableFuture()));
              return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new));
            });
  }

  /** Collects a delivery's results from several completion threads. */
  private static final class OutcomeBuilder {
    private final List<Long> done = new ArrayList<>();
    private final List<Long> retry = new ArrayList<>();
    private int delivered;
    private String reason = "";

    synchronized void giveUp(long index, String why) {
      log.warn("timer gives up on parked message {}: {}", index, why);
      done.add(index);
    }

    synchronized void appended(List<Long> ids, AppendReply reply, Throwable failure) {
      if (failure == null && reply instanceof AppendOk) {
        done.addAll(ids);
        delivered += ids.size();
      } else {
        retry.addAll(ids);
        reason = failure != null ? failure.toString() : reply.toString();
      }
    }

    synchronized Outcome build() {
      return new Outcome(
          done.stream().mapToLong(Long::longValue).toArray(),
          delivered,
          retry.stream().mapToLong(Long::longValue).toArray(),
          reason);
    }
  }
}
