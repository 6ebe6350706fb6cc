package io.actormq.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.protocol.body.Permission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicRegistryTest {

  @TempDir static Path shared;

  private static ActorTestKit kit;
  private static final AtomicInteger registries = new AtomicInteger();

  private static final TopicRegistry.Settings AUTO = new TopicRegistry.Settings(true, 8, 100);

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("TopicRegistryTest", MetadataTestConfig.withJournalIn(shared));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** A fresh registry; each has its own persistence id on the shared journal. */
  private static ActorRef<TopicRegistry.Command> spawn(
      ActorTestKit kit, TopicRegistry.Settings settings, TopicView view, String id) {
    return kit.spawn(TopicRegistry.create(settings, view, PersistenceId.ofUniqueId(id)));
  }

  private static ActorRef<TopicRegistry.Command> spawn(
      TopicRegistry.Settings settings, TopicView view) {
    return spawn(kit, settings, view, "topics-" + registries.incrementAndGet());
  }

  private static TopicLookup getOrCreate(
      ActorTestKit kit, ActorRef<TopicRegistry.Command> registry, String topic, int queues) {
    TestProbe<TopicLookup> probe = kit.createTestProbe();
    registry.tell(new TopicRegistry.GetOrCreate(topic, queues, probe.ref()));
    return probe.receiveMessage();
  }

  private static TopicLookup getOrCreate(
      ActorRef<TopicRegistry.Command> registry, String topic, int queues) {
    return getOrCreate(kit, registry, topic, queues);
  }

  private static TopicConfig found(TopicLookup lookup) {
    assertThat(lookup).isInstanceOf(TopicLookup.Found.class);
    return ((TopicLookup.Found) lookup).config();
  }

  private static TopicLookup ask(
      ActorTestKit kit,
      ActorRef<TopicRegistry.Command> registry,
      Function<ActorRef<TopicLookup>, TopicRegistry.Command> cmd) {
    TestProbe<TopicLookup> probe = kit.createTestProbe();
    registry.tell(cmd.apply(probe.ref()));
    return probe.receiveMessage();
  }

  @Test
  void tbw102ExistsFromTheStartWithInheritPermission() {
    TopicView view = new TopicView();
    ActorRef<TopicRegistry.Command> registry = spawn(AUTO, view);
    TopicConfig tbw = found(ask(kit, registry, r -> new TopicRegistry.Get("TBW102", r)));
    assertThat(tbw.perm()).isEqualTo(7);
    assertThat(tbw.writeQueueNums()).isEqualTo(8);
    assertThat(view.recovered()).isTrue();
    assertThat(view.get("TBW102")).isEqualTo(tbw);
  }

  @Test
  void autoCreatesWithDefaultQueuesAndCapsTheRequestedCount() {
    TopicView view = new TopicView();
    ActorRef<TopicRegistry.Command> registry = spawn(AUTO, view);

    TopicConfig plain = found(getOrCreate(registry, "Orders", 0));
    assertThat(plain).isEqualTo(new TopicConfig("Orders", 8, 8, Permission.READ_WRITE, 0, false));
    // Published before the reply: a handler that got the reply finds it without asking.
    assertThat(view.get("Orders")).isEqualTo(plain);

    assertThat(found(getOrCreate(registry, "Four", 4)).writeQueueNums()).isEqualTo(4);
    assertThat(found(getOrCreate(registry, "Many", 500)).writeQueueNums()).isEqualTo(8);
    // An existing topic keeps its queues whatever the producer asks for.
    assertThat(found(getOrCreate(registry, "Four", 8)).writeQueueNums()).isEqualTo(4);
  }

  @Test
  void retryAndDeadLetterTopicsGetOneQueue() {
    ActorRef<TopicRegistry.Command> registry = spawn(AUTO, new TopicView());
    assertThat(found(getOrCreate(registry, "%RETRY%cg", 0)))
        .isEqualTo(new TopicConfig("%RETRY%cg", 1, 1, 6, 0, false));
    assertThat(found(getOrCreate(registry, "%DLQ%cg", 8)))
        .isEqualTo(new TopicConfig("%DLQ%cg", 1, 1, 6, 0, false));
  }

  @Test
  void autoCreateOffReportsNotFoundButStillCreatesRetryTopics() {
    TopicView view = new TopicView();
    ActorRef<TopicRegistry.Command> registry =
        spawn(new TopicRegistry.Settings(false, 8, 100), view);
    TopicLookup missing = getOrCreate(registry, "Unknown", 0);
    assertThat(missing).isInstanceOf(TopicLookup.NotFound.class);
    assertThat(((TopicLookup.NotFound) missing).reason()).contains("auto-creation is off");
    assertThat(view.get("Unknown")).isNull();
    assertThat(found(getOrCreate(registry, "%RETRY%cg", 0)).writeQueueNums()).isEqualTo(1);
  }

  @Test
  void refusesIllegalAndReservedNames() {
    ActorRef<TopicRegistry.Command> registry = spawn(AUTO, new TopicView());
    assertThat(reason(getOrCreate(registry, "bad topic!", 0))).contains("illegal characters");
    assertThat(reason(getOrCreate(registry, "x".repeat(128), 0))).contains("longer than 127");
    assertThat(reason(getOrCreate(registry, " ", 0))).contains("blank");
    assertThat(reason(getOrCreate(registry, "SCHEDULE_TOPIC_XXXX", 0))).contains("system topic");
    assertThat(reason(getOrCreate(registry, "rmq_sys_anything", 0))).contains("system topic");
    assertThat(found(getOrCreate(registry, "x".repeat(127), 0)).name()).hasSize(127);
    assertThat(found(getOrCreate(registry, "a|b%c_d-E9", 0)).name()).isEqualTo("a|b%c_d-E9");
  }

  @Test
  void createOrUpdateValidatesQueuesAndPermissions() {
    ActorRef<TopicRegistry.Command> registry = spawn(AUTO, new TopicView());
    assertThat(reason(createOrUpdate(registry, new TopicConfig("T", 0, 1, 6, 0, false))))
        .contains("readQueueNums 0");
    assertThat(reason(createOrUpdate(registry, new TopicConfig("T", 1, 1025, 6, 0, false))))
        .contains("writeQueueNums 1025");
    assertThat(reason(createOrUpdate(registry, new TopicConfig("T", 1, 1, 16, 0, false))))
        .contains("perm 16");
    assertThat(reason(createOrUpdate(registry, new TopicConfig("bad/name", 1, 1, 6, 0, false))))
        .contains("illegal");
  }

  @Test
  void createUpdateDeleteAndList() {
    TopicView view = new TopicView();
    ActorRef<TopicRegistry.Command> registry = spawn(AUTO, view);
    TopicConfig created = new TopicConfig("Admin", 3, 5, Permission.READ, 0, true);
    assertThat(found(createOrUpdate(registry, created))).isEqualTo(created);
    TopicConfig updated = new TopicConfig("Admin", 16, 16, Permission.READ_WRITE, 0, true);
    assertThat(found(createOrUpdate(registry, updated))).isEqualTo(updated);
    assertThat(view.get("Admin")).isEqualTo(updated);

    TestProbe<TopicTable> list = kit.createTestProbe();
    registry.tell(new TopicRegistry.ListTopics(list.ref()));
    assertThat(list.receiveMessage().names()).containsExactly("Admin", "TBW102");

    assertThat(found(ask(kit, registry, r -> new TopicRegistry.Delete("Admin", r))))
        .isEqualTo(updated);
    assertThat(view.get("Admin")).isNull();
    assertThat(ask(kit, registry, r -> new TopicRegistry.Get("Admin", r)))
        .isInstanceOf(TopicLookup.NotFound.class);
    assertThat(ask(kit, registry, r -> new TopicRegistry.Delete("Admin", r)))
        .isInstanceOf(TopicLookup.NotFound.class);
    assertThat(ask(kit, registry, r -> new TopicRegistry.Delete("TBW102", r)))
        .isInstanceOf(TopicLookup.Rejected.class);
  }

  @Test
  void eventsSnapshotsAndRepliesSurviveSerialization() {
    TopicConfig config = new TopicConfig("%RETRY%cg", 1, 1, 6, 0, true);
    TopicTable table = TopicTable.EMPTY.with(config).with(TopicConfig.of("T", 8));
    TestProbe<TopicLookup> probe = kit.createTestProbe();
    for (Object o :
        List.of(
            table,
            new TopicRegistry.TopicCreated(config),
            new TopicRegistry.TopicUpdated(config),
            new TopicRegistry.TopicDeleted("T"),
            new TopicLookup.Found(config),
            new TopicLookup.Rejected("x y", "illegal"),
            new TopicRegistry.GetOrCreate("T", 4, probe.ref()))) {
      assertThat(kit.serializationTestKit().verifySerialization(o, true)).isEqualTo(o);
    }
  }

  @Test
  void aNewActorSystemOnTheSameDirectoryRecoversTheTopics(@TempDir Path dir) throws IOException {
    // Snapshot every 3 events, so recovery reads a snapshot and then a tail of events.
    TopicRegistry.Settings settings = new TopicRegistry.Settings(true, 8, 3);
    ActorTestKit first = ActorTestKit.create("restart1", MetadataTestConfig.withJournalIn(dir));
    try {
      ActorRef<TopicRegistry.Command> registry =
          spawn(first, settings, new TopicView(), TopicRegistry.PERSISTENCE_ID);
      for (int i = 0; i < 7; i++) {
        found(getOrCreate(first, registry, "T" + i, 2));
      }
      found(getOrCreate(first, registry, "%RETRY%cg", 0));
      found(
          ask(
              first,
              registry,
              r ->
                  new TopicRegistry.CreateOrUpdate(
                      new TopicConfig("T1", 4, 4, Permission.READ, 0, true), r)));
      found(ask(first, registry, r -> new TopicRegistry.Delete("T2", r)));
    } finally {
      first.shutdownTestKit();
    }
    try (Stream<Path> snapshots = Files.list(dir.resolve("snapshots"))) {
      assertThat(snapshots.count()).isPositive();
    }

    ActorTestKit second = ActorTestKit.create("restart2", MetadataTestConfig.withJournalIn(dir));
    try {
      TopicView view = new TopicView();
      ActorRef<TopicRegistry.Command> registry =
          spawn(second, settings, view, TopicRegistry.PERSISTENCE_ID);
      TestProbe<TopicTable> list = second.createTestProbe();
      registry.tell(new TopicRegistry.ListTopics(list.ref()));
      TopicTable table = list.receiveMessage();
      assertThat(table.names())
          .containsExactly("%RETRY%cg", "T0", "T1", "T3", "T4", "T5", "T6", "TBW102");
      assertThat(table.get("T1")).isEqualTo(new TopicConfig("T1", 4, 4, Permission.READ, 0, true));
      assertThat(table.get("T0").writeQueueNums()).isEqualTo(2);
      assertThat(table.get("%RETRY%cg").writeQueueNums()).isEqualTo(1);
      assertThat(view.table()).isEqualTo(table);
    } finally {
      second.shutdownTestKit();
    }
  }

  private static TopicLookup createOrUpdate(
      ActorRef<TopicRegistry.Command> registry, TopicConfig config) {
    return ask(kit, registry, r -> new TopicRegistry.CreateOrUpdate(config, r));
  }

  private static String reason(TopicLookup lookup) {
    assertThat(lookup).isInstanceOf(TopicLookup.Rejected.class);
    return ((TopicLookup.Rejected) lookup).reason();
  }
}
