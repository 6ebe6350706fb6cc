package io.actormq.broker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.actormq.broker.BrokerConfig;
import io.actormq.broker.queue.QueueCommand.Append;
import io.actormq.broker.queue.QueueCommand.AppendFailed;
import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.broker.queue.QueueCommand.AppendReply;
import io.actormq.broker.queue.QueueCommand.CommitOffset;
import io.actormq.broker.queue.QueueCommand.GetBounds;
import io.actormq.broker.queue.QueueCommand.OffsetReply;
import io.actormq.broker.queue.QueueCommand.Pull;
import io.actormq.broker.queue.QueueCommand.QueryKey;
import io.actormq.broker.queue.QueueCommand.QueryOffset;
import io.actormq.broker.queue.QueueCommand.QueueBounds;
import io.actormq.broker.queue.QueueCommand.ReadAt;
import io.actormq.broker.queue.QueueCommand.Records;
import io.actormq.broker.queue.QueueCommand.ResetOffset;
import io.actormq.broker.queue.QueueCommand.SearchOffset;
import io.actormq.persistence.log.FlushService;
import io.actormq.persistence.log.ReadResult;
import io.actormq.persistence.log.RetentionPolicy;
import io.actormq.persistence.offsets.OffsetsFile;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import io.actormq.protocol.message.MessageRecordView;
import io.actormq.protocol.message.TagHash;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue actor on its own: appends, long polls and their timers, offsets, lookups. */
class QueueActorTest {

  static final ActorTestKit testKit =
      ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));

  static Path home;
  static FlushService flusher;
  static ExecutorService io;
  static QueueEnvironment env;
  static final AtomicLong clock = new AtomicLong(1_000_000);
  static int nextQueue;

  @BeforeAll
  static void start() throws Exception {
    home = Files.createTempDirectory("queue-actor-test");
    flusher = FlushService.start("test-flusher", Duration.ofMillis(50));
    io = Executors.newFixedThreadPool(2);
    BrokerConfig config =
        BrokerConfig.from(
            ConfigFactory.parseMap(
                    Map.of(
                        "actormq.home", home.toString(),
                        "actormq.storage.segment-bytes", "1MiB",
                        "actormq.storage.offsets-flush-interval", "50ms"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    env =
        new QueueEnvironment(
            config,
            flusher,
            io,
            clock::get,
            RetentionPolicy.defaults(),
            () -> 0.1,
            (topic, queueId) -> queueId);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    flusher.close();
    io.shutdown();
  }

  static String newQueue() {
    return QueueActor.entityId(env.config().brokerName(), "TopicT", nextQueue++);
  }

  static ByteBuffer message(String topic, int queueId, String tag, String body, String keys) {
    HostAddress host = HostAddress.of(new byte[] {127, 0, 0, 1}, 9876);
    String props =
        MessageProperties.encode(Map.of(MessageProperties.TAGS, tag, MessageProperties.KEYS, keys));
    MessageRecord record =
        new MessageRecord(
            queueId,
            0,
            0,
            0,
            0,
            clock.get(),
            host,
            clock.get(),
            host,
            0,
            0,
            ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)),
            topic,
            props);
    return ByteBuffer.wrap(MessageRecordCodec.encode(record));
  }

  static AppendOk append(ActorRef<QueueCommand> queue, String id, String tag, String body) {
    TestProbe<AppendReply> probe = testKit.createTestProbe();
    queue.tell(
        new Append(
            List.of(
                message(QueueActor.topicOf(id), QueueActor.queueIdOf(id), tag, body, "k-" + body)),
            probe.getRef()));
    return (AppendOk) probe.receiveMessage();
  }

  static List<String> bodies(ReadResult result) {
    MessageRecordView view = new MessageRecordView();
    List<String> out = new java.util.ArrayList<>();
    for (ByteBuffer run : result.runs()) {
      for (int at = 0; at < run.limit(); at += MessageRecordView.totalSize(run, at)) {
        ByteBuffer body = view.wrap(run, at).body();
        out.add(StandardCharsets.UTF_8.decode(body).toString());
      }
    }
    return out;
  }

  static Pull pull(long offset, int[] tags, long holdMillis, ActorRef<ReadResult> replyTo) {
    return new Pull("g", offset, 32, 1 << 20, tags, holdMillis, -1, replyTo);
  }

  @Test
  void appendsAreReadBackInOrderWithTheirOffsets() {
    String id = newQueue();
    ActorRef<QueueCommand> queue = testKit.spawn(QueueActor.create(id, env));
    assertThat(append(queue, id, "A", "one").firstOffset()).isZero();
    AppendOk second = append(queue, id, "A", "two");
    assertThat(second.firstOffset()).isEqualTo(1);
    assertThat(QueueActor.queueNumberOf(second.commitLogOffsets()[0]))
        .isEqualTo(QueueActor.queueIdOf(id));
    assertThat(second.commitLogOffsets()[0] & ((1L << 40) - 1)).isEqualTo(1);
    TestProbe<ReadResult> reads = testKit.createTestProbe();
    queue.tell(pull(0, null, 0, reads.getRef()));
    ReadResult result = reads.receiveMessage();
    assertThat(result.status()).isEqualTo(ReadResult.Status.FOUND);
    assertThat(bodies(result)).containsExactly("one", "two");
    assertThat(result.nextOffset()).isEqualTo(2);

    TestProbe<Records> records = testKit.createTestProbe();
    queue.tell(new ReadAt(second.commitLogOffsets()[0], records.getRef()));
    assertThat(records.receiveMessage().records()).hasSize(1);
    queue.tell(new ReadAt(second.commitLogOffsets()[0] + 1, records.getRef()));
    assertThat(records.receiveMessage().records()).isEmpty();
    queue.tell(new QueryKey("k-two", 0, Long.MAX_VALUE, 10, records.getRef()));
    assertThat(records.receiveMessage().records()).hasSize(1);
  }

  @Test
  void aParkedPullIsAnsweredByTheFirstMatchingAppend() {
    String id = newQueue();
    ActorRef<QueueCommand> queue = testKit.spawn(QueueActor.create(id, env));
    TestProbe<ReadResult> reads = testKit.createTestProbe();
    queue.tell(pull(0, new int[] {TagHash.of("B")}, 30_000, reads.getRef()));
    reads.expectNoMessage(Duration.ofMillis(100));
    append(queue, id, "A", "filtered");
    reads.expectNoMessage(Duration.ofMillis(100));
    append(queue, id, "B", "wanted");
    ReadResult result = reads.receiveMessage(Duration.ofSeconds(5));
    assertThat(bodies(result)).containsExactly("wanted");
    assertThat(result.nextOffset()).isEqualTo(2);
  }

  @Test
  void aParkedPullEndsWithNothingWhenItsHoldExpires() {
    String id = newQueue();
    ActorRef<QueueCommand> queue = testKit.spawn(QueueActor.create(id, env));
    TestProbe<ReadResult> reads = testKit.createTestProbe();
    queue.tell(pull(0, null, 200, reads.getRef()));
    ReadResult result = reads.receiveMessage(Duration.ofSeconds(5));
    assertThat(result.status()).isEqualTo(ReadResult.Status.NO_NEW_RECORDS);
    assertThat(result.nextOffset()).isZero();
  }

  @Test
  void appendsQueuedTogetherGetTheirOwnOffsetsAndOnlyAMalformedOneFails() {
    String id = newQueue();
    ActorRef<QueueCommand> queue = testKit.spawn(QueueActor.create(id, env));
    List<TestProbe<AppendReply>> probes = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      TestProbe<AppendReply> probe = testKit.createTestProbe();
      probes.add(probe);
      ByteBuffer record =
          i == 17
              ? ByteBuffer.wrap(new byte[] {0, 0, 0, 9, 1, 2, 3, 4, 5})
              : message(QueueActor.topicOf(id), QueueActor.queueIdOf(id), "A", "b" + i, "k");
      // Told back to back, so most of them wait in the mailbox together and are written as one.
      queue.tell(new Append(List.of(record), probe.getRef()));
    }
    long expected = 0;
    for (int i = 0; i < 30; i++) {
      AppendReply reply = probes.get(i).receiveMessage();
      if (i == 17) {
        assertThat(reply).isInstanceOf(AppendFailed.class);
        assertThat(((AppendFailed) reply).responseCode()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        continue;
      }
      AppendOk ok = (AppendOk) reply;
      assertThat(ok.firstOffset()).as("append %d", i).isEqualTo(expected++);
      assertThat(ok.commitLogOffsets()).hasSize(1);
    }
    TestProbe<ReadResult> read = testKit.createTestProbe();
    queue.tell(new Pull("g", 0, 100, 1 << 20, null, 0, -1, read.getRef()));
    List<String> bodies = bodies(read.receiveMessage());
    assertThat(bodies).hasSize(29).startsWith("b0", "b1").endsWith("b29").doesNotContain("b17");
  }

  @Test
  void afterAResetTheGroupsStaleCommitsAreIgnoredUntilTheFenceEnds() {
    String id = newQueue();
    ActorRef<QueueCommand> queue = testKit.spawn(QueueActor.create(id, env));
    for (int i = 0; i < 10; i++) {
      append(queue, id, "A", "m" + i);
    }
    TestProbe<OffsetReply> offsets = testKit.createTestProbe();
    queue.tell(new CommitOffset("g", 9));
    queue.tell(new ResetOffset("g", 2, offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(2);
    // What a consumer that has not yet heard of the reset commits.
    queue.tell(new CommitOffset("g", 9));
    queue.tell(new QueryOffset("g", offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(2);

    clock.addAndGet(env.config().delivery().resetFence().toMillis());
    queue.tell(new CommitOffset("g", 4));
    queue.tell(new QueryOffset("g", offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(4);
  }

  @Test
  void offsetsMoveForwardOnlyUnlessResetAndSurviveARestart() {
    String id = newQueue();
    ActorRef<QueueCommand> queue = testKit.spawn(QueueActor.create(id, env));
    for (int i = 0; i < 10; i++) {
      append(queue, id, "A", "m" + i);
    }
    TestProbe<OffsetReply> offsets = testKit.createTestProbe();
    queue.tell(new QueryOffset("g", offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(-1);
    queue.tell(new CommitOffset("g", 7));
    queue.tell(new CommitOffset("g", 5));
    queue.tell(new QueryOffset("g", offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(7);
    queue.tell(new ResetOffset("g", 3, offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(3);
    queue.tell(new CommitOffset("other", 9));
    // A stop overtakes messages still in the mailbox: make sure the commit was applied first.
    queue.tell(new QueryOffset("other", offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(9);

    testKit.stop(queue);
    ActorRef<QueueCommand> restarted = testKit.spawn(QueueActor.create(id, env));
    restarted.tell(new QueryOffset("g", offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(3);
    restarted.tell(new QueryOffset("other", offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(9);
    TestProbe<QueueBounds> bounds = testKit.createTestProbe();
    restarted.tell(new GetBounds(bounds.getRef()));
    QueueBounds b = bounds.receiveMessage();
    assertThat(b.minOffset()).isZero();
    assertThat(b.maxOffset()).isEqualTo(10);
    assertThat(b.earliestStoreTimestamp()).isEqualTo(clock.get());
    assertThat(b.storedBytes()).isGreaterThan(10 * 90);
  }

  static Map<String, Long> savedOffsets(Path file) {
    try {
      return OffsetsFile.load(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void commitsReachTheOffsetsFileWhileTheQueueRuns() {
    String id = newQueue();
    ActorRef<QueueCommand> queue = testKit.spawn(QueueActor.create(id, env));
    for (int i = 0; i < 10; i++) {
      append(queue, id, "A", "m" + i);
    }
    Path file =
        env.config().queueDir(QueueActor.topicOf(id), QueueActor.queueIdOf(id)).resolve("offsets");
    TestProbe<Void> waiter = testKit.createTestProbe();
    queue.tell(new CommitOffset("g", 4));
    // The timer is armed by the commit, not running at a fixed rate: the first change is written...
    waiter.awaitAssert(
        Duration.ofSeconds(5),
        () -> {
          assertThat(savedOffsets(file)).containsEntry("g", 4L);
          return null;
        });
    // ...and so is one that comes after that save, which has to arm it again.
    queue.tell(new CommitOffset("g", 6));
    waiter.awaitAssert(
        Duration.ofSeconds(5),
        () -> {
          assertThat(savedOffsets(file)).containsEntry("g", 6L);
          return null;
        });
    testKit.stop(queue);
  }

  @Test
  void aSaveStillRunningAtStopNeverOverwritesTheFinalOffsets() throws Exception {
    // Blocking work after the log is open waits for the test's go: the flush timer's save of an
    // early snapshot is held back until the actor has stopped and written its final offsets.
    List<Runnable> held = new java.util.ArrayList<>();
    java.util.concurrent.CompletableFuture<Void> saveHeld =
        new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.atomic.AtomicBoolean opened =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.Executor gated =
        task -> {
          if (opened.compareAndSet(false, true)) {
            io.execute(task);
          } else {
            synchronized (held) {
              held.add(task);
            }
            saveHeld.complete(null);
          }
        };
    QueueEnvironment gatedEnv =
        new QueueEnvironment(
            env.config(),
            flusher,
            gated,
            clock::get,
            RetentionPolicy.defaults(),
            () -> 0.1,
            (topic, queueId) -> queueId);
    String id = newQueue();
    ActorRef<QueueCommand> queue = testKit.spawn(QueueActor.create(id, gatedEnv));
    for (int i = 0; i < 10; i++) {
      append(queue, id, "A", "m" + i);
    }
    queue.tell(new CommitOffset("g", 5));
    saveHeld.get(5, java.util.concurrent.TimeUnit.SECONDS);
    queue.tell(new CommitOffset("g", 9));
    // A stop overtakes messages still in the mailbox: make sure the commit was applied first.
    TestProbe<OffsetReply> offsets = testKit.createTestProbe();
    queue.tell(new QueryOffset("g", offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(9);
    testKit.stop(queue);
    synchronized (held) {
      held.forEach(Runnable::run);
    }

    ActorRef<QueueCommand> restarted = testKit.spawn(QueueActor.create(id, env));
    restarted.tell(new QueryOffset("g", offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(9);
  }

  @Test
  void timeSearchFindsTheFirstRecordStoredAtOrAfter() {
    String id = newQueue();
    ActorRef<QueueCommand> queue = testKit.spawn(QueueActor.create(id, env));
    long t0 = clock.get();
    append(queue, id, "A", "a");
    clock.addAndGet(10);
    append(queue, id, "A", "b");
    TestProbe<OffsetReply> offsets = testKit.createTestProbe();
    queue.tell(new SearchOffset(t0 + 1, false, offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(1);
    queue.tell(new SearchOffset(t0 + 5, true, offsets.getRef()));
    assertThat(offsets.receiveMessage().offset()).isEqualTo(0);
  }

  @Test
  void theNodesReleaseReachesTheWaitersOfEveryOpenQueue() {
    // Its own environment: the release goes to every queue registered in it.
    QueueEnvironment node =
        new QueueEnvironment(
            env.config(),
            flusher,
            io,
            clock::get,
            RetentionPolicy.defaults(),
            () -> 0.1,
            (topic, queueId) -> queueId);
    TestProbe<ReadResult> reads = testKit.createTestProbe();
    for (int i = 0; i < 2; i++) {
      ActorRef<QueueCommand> queue = testKit.spawn(QueueActor.create(newQueue(), node));
      queue.tell(pull(0, null, 60_000, reads.getRef()));
    }
    reads.expectNoMessage(Duration.ofMillis(100));
    node.releaseWaiters();
    assertThat(reads.receiveMessage().status()).isEqualTo(ReadResult.Status.NO_NEW_RECORDS);
    assertThat(reads.receiveMessage().status()).isEqualTo(ReadResult.Status.NO_NEW_RECORDS);
  }

  @Test
  void releasingWaitersAnswersParkedPullsAndParksNoMore() {
    String id = newQueue();
    ActorRef<QueueCommand> queue = testKit.spawn(QueueActor.create(id, env));
    TestProbe<ReadResult> reads = testKit.createTestProbe();
    queue.tell(pull(0, null, 60_000, reads.getRef()));
    reads.expectNoMessage(Duration.ofMillis(100));
    queue.tell(QueueCommand.ReleaseWaiters.INSTANCE);
    assertThat(reads.receiveMessage().status()).isEqualTo(ReadResult.Status.NO_NEW_RECORDS);
    queue.tell(pull(0, null, 60_000, reads.getRef()));
    assertThat(reads.receiveMessage().status()).isEqualTo(ReadResult.Status.NO_NEW_RECORDS);
  }
}
