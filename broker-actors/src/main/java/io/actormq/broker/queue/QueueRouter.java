package io.actormq.broker.queue;

import io.actormq.broker.Asks;
import io.actormq.broker.queue.QueueCommand.AppendReply;
import io.actormq.broker.queue.QueueCommand.OffsetReply;
import io.actormq.broker.queue.QueueCommand.QueueBounds;
import io.actormq.broker.queue.QueueCommand.Records;
import io.actormq.persistence.log.ReadResult;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.japi.function.Function;

/**
 * How request handlers reach the queue actors of one broker: through cluster sharding, so the queue
 * is reached on whichever node holds it. Every call is an ask with a bound, so a handler never
 * waits forever (a queue whose node is down answers nothing until it is back).
 */
public final class QueueRouter {

  private static final int SCAN_BATCH = 1024;
  private static final int SCAN_BYTES = 8 << 20;

  private final ClusterSharding sharding;
  private final Duration timeout;
  private final String broker;

  /**
   * @param broker whose queues this router addresses
   */
  public QueueRouter(ClusterSharding sharding, Duration timeout, String broker) {
    this.sharding = sharding;
    this.timeout = timeout;
    this.broker = broker;
  }

  /** The same, for the queues of another broker of the cluster. */
  public QueueRouter forBroker(String otherBroker) {
    return otherBroker.equals(broker) ? this : new QueueRouter(sharding, timeout, otherBroker);
  }

  public String broker() {
    return broker;
  }

  // Answers continue on the completing thread (see Asks for why that matters).
  private <R> CompletionStage<R> ask(
      String topic, int queueId, Function<ActorRef<R>, QueueCommand> message, Duration timeout) {
    return Asks.direct(queue(topic, queueId).ask(message, timeout));
  }

  private EntityRef<QueueCommand> queue(String topic, int queueId) {
    return sharding.entityRefFor(
        QueueActor.ENTITY_TYPE_KEY, QueueActor.entityId(broker, topic, queueId));
  }

  public CompletionStage<AppendReply> append(String topic, int queueId, List<ByteBuffer> records) {
    return ask(topic, queueId, r -> new QueueCommand.Append(records, r), timeout);
  }

  /**
   * A pull; the ask waits for the hold plus the usual bound.
   *
   * @param tagCodes sorted accepted tag hashes, null for all
   */
  public CompletionStage<ReadResult> pull(
      String topic,
      int queueId,
      String group,
      long offset,
      int maxRecords,
      int maxBytes,
      int[] tagCodes,
      long holdMillis,
      long commitOffset) {
    return ask(
        topic,
        queueId,
        r ->
            new QueueCommand.Pull(
                group, offset, maxRecords, maxBytes, tagCodes, holdMillis, commitOffset, r),
        timeout.plusMillis(holdMillis));
  }

  /**
   * Feeds {@code each} the records of a queue from {@code from} up to {@code end}, in offset order,
   * one bounded pull after another (for owners that rebuild state from a system queue).
   *
   * @return the offset the scan reached: {@code end}, or less if a read found nothing there
   *     (deleted or never written)
   */
  public CompletionStage<Long> scan(
      String topic, int queueId, long from, long end, Consumer<MessageRecord> each) {
    if (from >= end) {
      return CompletableFuture.completedFuture(from);
    }
    return pull(topic, queueId, null, from, SCAN_BATCH, SCAN_BYTES, null, 0, -1)
        .thenCompose(
            read -> {
              if (read.status() != ReadResult.Status.FOUND) {
                return CompletableFuture.completedFuture(from);
              }
              for (ByteBuffer run : read.runs()) {
                MessageRecordCodec.decodeAll(run.duplicate()).forEach(each);
              }
              return scan(topic, queueId, read.nextOffset(), end, each);
            });
  }

  public void commitOffset(String topic, int queueId, String group, long offset) {
    queue(topic, queueId).tell(new QueueCommand.CommitOffset(group, offset));
  }

  public void trimBelow(String topic, int queueId, long offset) {
    queue(topic, queueId).tell(new QueueCommand.TrimBelow(offset));
  }

  public CompletionStage<OffsetReply> resetOffset(
      String topic, int queueId, String group, long offset) {
    return ask(topic, queueId, r -> new QueueCommand.ResetOffset(group, offset, r), timeout);
  }

  public CompletionStage<OffsetReply> queryOffset(String topic, int queueId, String group) {
    return ask(topic, queueId, r -> new QueueCommand.QueryOffset(group, r), timeout);
  }

  public CompletionStage<QueueBounds> bounds(String topic, int queueId) {
    return ask(topic, queueId, QueueCommand.GetBounds::new, timeout);
  }

  public CompletionStage<OffsetReply> searchOffset(
      String topic, int queueId, long timestamp, boolean upper) {
    return ask(topic, queueId, r -> new QueueCommand.SearchOffset(timestamp, upper, r), timeout);
  }

  public CompletionStage<Records> readAt(String topic, int queueId, long commitLogOffset) {
    return ask(topic, queueId, r -> new QueueCommand.ReadAt(commitLogOffset, r), timeout);
  }

  public CompletionStage<Records> readOffsets(String topic, int queueId, long[] offsets) {
    return ask(topic, queueId, r -> new QueueCommand.ReadOffsets(offsets, r), timeout);
  }

  public CompletionStage<Records> queryKey(
      String topic, int queueId, String key, long begin, long end, int max) {
    return ask(topic, queueId, r -> new QueueCommand.QueryKey(key, begin, end, max, r), timeout);
  }
}
