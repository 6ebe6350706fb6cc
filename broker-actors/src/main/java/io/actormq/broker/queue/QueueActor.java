package io.actormq.broker.queue;

import io.actormq.broker.cluster.BrokerShards;
import io.actormq.broker.queue.QueueCommand.Append;
import io.actormq.broker.queue.QueueCommand.AppendFailed;
import io.actormq.broker.queue.QueueCommand.CommitOffset;
import io.actormq.broker.queue.QueueCommand.GetBounds;
import io.actormq.broker.queue.QueueCommand.OffsetReply;
import io.actormq.broker.queue.QueueCommand.Pull;
import io.actormq.broker.queue.QueueCommand.QueryKey;
import io.actormq.broker.queue.QueueCommand.QueryOffset;
import io.actormq.broker.queue.QueueCommand.ReadAt;
import io.actormq.broker.queue.QueueCommand.ResetOffset;
import io.actormq.broker.queue.QueueCommand.SearchOffset;
import io.actormq.broker.topic.TopicValidator;
import io.actormq.persistence.log.QueueLog;
import io.actormq.persistence.log.ReadResult;
import io.actormq.persistence.message.MessageRecordFormat;
import io.actormq.persistence.offsets.OffsetsFile;
import io.actormq.protocol.remoting.ResponseCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.japi.function.Function;

/**
 * One queue, {@code topic@queueId}: the only writer of its {@link QueueLog}, keeper of its
 * consumer-group offsets and of the long polls parked on it. Cluster-sharded by entity id.
 *
 * <ul>
 *   <li><b>Opening</b> the log (recovery) and loading the offsets run on the blocking-I/O executor;
 *       commands wait in a stash meanwhile.
 *   <li><b>Appends</b> are answered from the flusher's completion of the log's durability stage, so
 *       the actor never waits for an fsync. A record's commitLogOffset is {@code queue number << 40
 *       | queue offset}, the queue number being the node-wide one the topic registry hands out: an
 *       offsetMsgId alone finds its queue and record, and ids never repeat across topics.
 *   <li><b>Long polls</b> that find nothing are parked with an actor timer and answered by the
 *       first append that brings a matching record, or when the hold ends.
 *   <li><b>Consumer offsets</b> only move forward, except by {@link ResetOffset} or when the stored
 *       offset lies beyond the end of the queue (after a lost tail a client must be able to step
 *       back). They are written to {@code offsets} in the queue's directory on a timer, off the
 *       actor; a crash loses at most one interval of commits (clients then re-consume, never skip).
 *   <li><b>Retention</b> runs on a timer through the node's {@link
 *       io.actormq.persistence.log.RetentionPolicy}.
 * </ul>
 */
public final class QueueActor extends AbstractBehavior<QueueCommand> {

  public static final EntityTypeKey<QueueCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(QueueCommand.class, "queue");

  /** Bits of the queue offset in a commitLogOffset; the queue number sits above them. */
  static final int QUEUE_NUMBER_SHIFT = 40;

  private static final long OFFSET_MASK = (1L << QUEUE_NUMBER_SHIFT) - 1;

  /** Messages the actor sends itself. */
  sealed interface Internal extends QueueCommand {}

  private record Opened(QueueLog log, Map<String, Long> offsets) implements Internal {}

  private record OpenFailed(Throwable cause) implements Internal {}

  private record HoldExpired(long waiterId) implements Internal {}

  private enum WriteAppends implements Internal {
    INSTANCE
  }

  private enum FlushOffsets implements Internal {
    INSTANCE
  }

  private record OffsetsSaved(Throwable failure) implements Internal {}

  private enum ApplyRetention implements Internal {
    INSTANCE
  }

  /** The queue {@code topic@queueId} of {@code broker} (each broker has its own queues). */
  public static String entityId(String broker, String topic, int queueId) {
    return BrokerShards.entityId(broker, topic + "@" + queueId);
  }

  public static String topicOf(String entityId) {
    String local = BrokerShards.localIdOf(entityId);
    return local.substring(0, local.lastIndexOf('@'));
  }

  public static int queueIdOf(String entityId) {
    String local = BrokerShards.localIdOf(entityId);
    return Integer.parseInt(local.substring(local.lastIndexOf('@') + 1));
  }

  /** The node-wide queue number encoded in a commitLogOffset this broker produced. */
  public static int queueNumberOf(long commitLogOffset) {
    return (int) (commitLogOffset >>> QUEUE_NUMBER_SHIFT);
  }

  /** The queue offset encoded in a commitLogOffset this broker produced. */
  public static long queueOffsetOf(long commitLogOffset) {
    return commitLogOffset & OFFSET_MASK;
  }

  public static Behavior<QueueCommand> create(String entityId, QueueEnvironment env) {
    return Behaviors.withStash(
        10_000,
        stash ->
            Behaviors.setup(
                ctx -> {
                  // Not left to Pekko's guess from the stack, which may name its own timer code.
                  ctx.setLoggerName(QueueActor.class);
                  return Behaviors.withTimers(timers -> opening(ctx, stash, timers, entityId, env));
                }));
  }

  private static Behavior<QueueCommand> opening(
      ActorContext<QueueCommand> ctx,
      StashBuffer<QueueCommand> stash,
      TimerScheduler<QueueCommand> timers,
      String entityId,
      QueueEnvironment env) {
    String topic = topicOf(entityId);
    int queueId = queueIdOf(entityId);
    String broker = BrokerShards.brokerOfEntity(entityId);
    Path dir = env.config().queueDir(topic, queueId);
    int number = env.queueNumbers().applyAsInt(topic, queueId);
    long commitLogBase = (long) number << QUEUE_NUMBER_SHIFT;
    ctx.pipeToSelf(
        CompletableFuture.supplyAsync(
            () -> {
              // Placement puts a broker's queues on its own node only; opening another broker's
              // queue here would fork its log on the wrong disk.
              if (!broker.equals(env.config().brokerName())) {
                throw new IllegalStateException(
                    "queue "
                        + entityId
                        + " belongs to broker "
                        + broker
                        + ", this node serves "
                        + env.config().brokerName());
              }
              if (number < 0) {
                throw new IllegalStateException("the topic registry knows no queue " + entityId);
              }
              try {
                QueueLog log =
                    QueueLog.open(
                        dir.resolve("log"),
                        env.config().logConfig(),
                        new MessageRecordFormat(commitLogBase),
                        env.flusher());
                return new Opened(log, OffsetsFile.load(dir.resolve("offsets")));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            env.blockingIo()),
        (opened, failure) -> failure == null ? opened : new OpenFailed(failure));
    return Behaviors.receive(QueueCommand.class)
        .onMessage(
            Opened.class,
            o ->
                stash.unstashAll(
                    new QueueActor(
                        ctx,
                        timers,
                        env,
                        dir,
                        commitLogBase,
                        TopicValidator.isSystemTopic(topic),
                        o)))
        .onMessage(
            OpenFailed.class,
            f -> {
              ctx.getLog().error("cannot open queue {} in {}", entityId, dir, f.cause());
              return Behaviors.stopped();
            })
        .onAnyMessage(
            m -> {
              stash.stash(m);
              return Behaviors.same();
            })
        .build();
  }

  private final QueueEnvironment env;
  private final Path dir;
  private final long commitLogBase;
  private final QueueLog log;
  private final ConsumerOffsets offsets;
  private final ParkedPulls parked;
  private final boolean systemQueue;
  private final AppendWriter appends;
  private final QueueLookups lookups;
  private final TimerScheduler<QueueCommand> timers;

  private QueueActor(
      ActorContext<QueueCommand> ctx,
      TimerScheduler<QueueCommand> timers,
      QueueEnvironment env,
      Path dir,
      long commitLogBase,
      boolean systemQueue,
      Opened opened) {
    super(ctx);
    this.timers = timers;
    this.env = env;
    this.dir = dir;
    this.commitLogBase = commitLogBase;
    this.log = opened.log();
    this.offsets = new ConsumerOffsets(dir.resolve("offsets"), opened.offsets());
    this.parked = new ParkedPulls(timers, HoldExpired::new, this::read);
    this.systemQueue = systemQueue;
    this.appends = new AppendWriter(log, commitLogBase, dir, ctx.getLog());
    this.lookups = new QueueLookups(log, commitLogBase, OFFSET_MASK);
    timers.startTimerWithFixedDelay(ApplyRetention.INSTANCE, env.config().retentionCheckInterval());
    // Only an open queue can park pulls, so this is where it starts hearing node-wide notices.
    env.running().add(ctx.getSelf());
  }

  @Override
  public Receive<QueueCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(Append.class, this::onAppend)
        .onMessageEquals(WriteAppends.INSTANCE, this::onWriteAppends)
        .onMessage(Pull.class, this::onPull)
        .onMessage(HoldExpired.class, this::onHoldExpired)
        .onMessage(CommitOffset.class, this::onCommitOffset)
        .onMessage(ResetOffset.class, this::onResetOffset)
        .onMessage(QueryOffset.class, this::onQueryOffset)
        .onMessage(GetBounds.class, lookup(lookups::answer))
        .onMessage(SearchOffset.class, lookup(lookups::answer))
        .onMessage(ReadAt.class, lookup(lookups::answer))
        .onMessage(QueueCommand.ReadOffsets.class, lookup(lookups::answer))
        .onMessage(QueryKey.class, lookup(lookups::answer))
        .onMessageEquals(FlushOffsets.INSTANCE, this::onFlushOffsets)
        .onMessage(OffsetsSaved.class, this::onOffsetsSaved)
        .onMessageEquals(ApplyRetention.INSTANCE, this::onApplyRetention)
        .onMessage(QueueCommand.TrimBelow.class, this::onTrimBelow)
        .onMessageEquals(QueueCommand.ReleaseWaiters.INSTANCE, this::onReleaseWaiters)
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  /** Appends are written in batches (see {@link AppendWriter}). */
  private Behavior<QueueCommand> onAppend(Append append) {
    if (appends.add(append)) {
      getContext().getSelf().tell(WriteAppends.INSTANCE);
    }
    return this;
  }

  private Behavior<QueueCommand> onWriteAppends() {
    if (env.retention().diskFull(env.diskUsedRatio().getAsDouble())) {
      appends.failPending(
          new AppendFailed(ResponseCode.SERVICE_NOT_AVAILABLE, "the broker's disk is full"));
    } else {
      appends.writePending();
    }
    parked.serve();
    return this;
  }

  private Behavior<QueueCommand> onPull(Pull pull) {
    if (pull.commitOffset() >= 0 && pull.group() != null) {
      commit(pull.group(), pull.commitOffset());
    }
    ReadResult result = read(pull, pull.offset());
    // Only a pull that finds no new records is held. One whose records were all filtered out is
    // answered at once (PULL_RETRY_IMMEDIATELY past them, as RocketMQ does): held, the client
    // would learn its new offset only when the hold ends, and commit the old one meanwhile.
    boolean nothingYet = result.status() == ReadResult.Status.NO_NEW_RECORDS;
    if (!(nothingYet && pull.holdMillis() > 0 && parked.park(pull, result.nextOffset()))) {
      pull.replyTo().tell(result);
    }
    return this;
  }

  private ReadResult read(Pull pull, long offset) {
    int[] codes = pull.tagCodes();
    return log.read(
        offset,
        pull.maxRecords(),
        pull.maxBytes(),
        codes == null ? null : hash -> Arrays.binarySearch(codes, hash) >= 0);
  }

  private Behavior<QueueCommand> onHoldExpired(HoldExpired expired) {
    parked.expire(expired.waiterId());
    return this;
  }

  private Behavior<QueueCommand> onCommitOffset(CommitOffset c) {
    commit(c.group(), c.offset());
    return this;
  }

  private void commit(String group, long offset) {
    offsets.commit(group, offset, log.nextOffset(), env.clock().getAsLong());
    scheduleOffsetsFlush();
  }

  /**
   * Arms the offsets timer when there is something to write. Armed only then (not at a fixed rate)
   * because most queues of a busy node have no consumer committing: with 1,000 queues a fixed-rate
   * timer alone cost 1,000 actor wake-ups a second. A change is still written within one interval.
   */
  private void scheduleOffsetsFlush() {
    if (offsets.isDirty() && !timers.isTimerActive(FlushOffsets.INSTANCE)) {
      timers.startSingleTimer(FlushOffsets.INSTANCE, env.config().offsetsFlushInterval());
    }
  }

  private Behavior<QueueCommand> onResetOffset(ResetOffset r) {
    long fenceUntil = env.clock().getAsLong() + env.config().delivery().resetFence().toMillis();
    r.replyTo().tell(new OffsetReply(offsets.reset(r.group(), r.offset(), fenceUntil)));
    scheduleOffsetsFlush();
    return this;
  }

  private Behavior<QueueCommand> onQueryOffset(QueryOffset q) {
    q.replyTo().tell(new OffsetReply(offsets.get(q.group())));
    return this;
  }

  /** Lookups are answered from the log at once (see {@link QueueLookups}). */
  private <M extends QueueCommand> Function<M, Behavior<QueueCommand>> lookup(Consumer<M> answer) {
    return m -> {
      answer.accept(m);
      return this;
    };
  }

  private Behavior<QueueCommand> onFlushOffsets() {
    ConsumerOffsets.Snapshot snapshot = offsets.takeDirtySnapshot();
    if (snapshot != null) {
      // Completed with a value, not null: a result that finds the actor stopped goes to the dead
      // letters, whose listener fails on a wrapped null message.
      getContext()
          .pipeToSelf(
              CompletableFuture.supplyAsync(
                  () -> {
                    snapshot.write();
                    return Done.getInstance();
                  },
                  env.blockingIo()),
              (done, failure) -> new OffsetsSaved(failure));
    } else {
      // A save is still running; what changed meanwhile is written on the next round.
      scheduleOffsetsFlush();
    }
    return this;
  }

  private Behavior<QueueCommand> onOffsetsSaved(OffsetsSaved saved) {
    offsets.saveEnded(saved.failure() != null);
    if (saved.failure() != null) {
      getContext()
          .getLog()
          .warn("saving offsets of {} failed: {}", dir, saved.failure().toString());
    }
    scheduleOffsetsFlush();
    return this;
  }

  private Behavior<QueueCommand> onApplyRetention() {
    if (systemQueue) {
      // Their owners decide what is obsolete: a message parked for three days must outlive a
      // retention of 72 hours.
      return this;
    }
    try {
      int deleted =
          env.retention().apply(log, env.clock().getAsLong(), env.diskUsedRatio().getAsDouble());
      if (deleted > 0) {
        getContext()
            .getLog()
            .info(
                "retention deleted {} segments of {}; min offset {}",
                deleted,
                dir,
                log.minOffset());
      }
    } catch (IOException | UncheckedIOException e) {
      getContext().getLog().warn("retention of {} failed: {}", dir, e.toString());
    }
    return this;
  }

  private Behavior<QueueCommand> onTrimBelow(QueueCommand.TrimBelow trim) {
    try {
      int deleted = log.deleteSegmentsBelow(trim.offset());
      if (deleted > 0) {
        getContext()
            .getLog()
            .info(
                "deleted {} obsolete segments of {}; min offset {}", deleted, dir, log.minOffset());
      }
    } catch (IOException | UncheckedIOException e) {
      getContext().getLog().warn("trimming {} failed: {}", dir, e.toString());
    }
    return this;
  }

  private Behavior<QueueCommand> onReleaseWaiters() {
    parked.release(true);
    return this;
  }

  /**
   * Answers parked pulls with what there is, writes the offsets and closes the log. This one
   * blocking write happens at stop (passivation, shutdown), where losing commits would be worse; it
   * waits for a timer's save still in progress, which then cannot undo it.
   */
  private Behavior<QueueCommand> onStop() {
    env.running().remove(getContext().getSelf());
    // Not written: the senders hear it now rather than after their ask times out.
    appends.failPending(new AppendFailed(ResponseCode.SERVICE_NOT_AVAILABLE, "the queue stopped"));
    parked.release(true);
    try {
      offsets.snapshotNow().write();
    } catch (UncheckedIOException e) {
      getContext().getLog().error("could not save offsets of {} at stop", dir, e);
    }
    log.close();
    return this;
  }
}
