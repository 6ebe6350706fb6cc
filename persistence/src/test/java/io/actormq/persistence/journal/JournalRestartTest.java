package io.actormq.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.persistence.AbstractPersistentActor;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.RecoveryCompleted;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SnapshotOffer;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both plugins survive a restart: a new ActorSystem on the same directory recovers everything. */
class JournalRestartTest {

  @TempDir Path root;

  record Recovered(List<String> state, long lastSequenceNr) {}

  record Add(List<String> events) {}

  record Delete(long toSequenceNr) {}

  /** Keeps a list of strings; snapshots it as one comma-separated string. */
  static final class Recorder extends AbstractPersistentActor {
    private final String persistenceId;
    private final ActorRef probe;
    private List<String> state = new ArrayList<>();

    Recorder(String persistenceId, ActorRef probe) {
      this.persistenceId = persistenceId;
      this.probe = probe;
    }

    static Props props(String persistenceId, ActorRef probe) {
      return Props.create(Recorder.class, () -> new Recorder(persistenceId, probe));
    }

    @Override
    public String persistenceId() {
      return persistenceId;
    }

    @Override
    public Receive createReceiveRecover() {
      return receiveBuilder()
          .match(
              SnapshotOffer.class,
              offer ->
                  state = new ArrayList<>(Arrays.asList(((String) offer.snapshot()).split(","))))
          .match(String.class, e -> state.add(e))
          .match(
              RecoveryCompleted.class,
              done -> probe.tell(new Recovered(List.copyOf(state), lastSequenceNr()), self()))
          .build();
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(
              Add.class,
              add -> {
                // One persistAll is one AtomicWrite.
                persistAll(add.events(), e -> state.add(e));
                deferAsync("done", d -> probe.tell("persisted " + lastSequenceNr(), self()));
              })
          .matchEquals("snap", s -> saveSnapshot(String.join(",", state)))
          .match(SaveSnapshotSuccess.class, s -> probe.tell("snapshot saved", self()))
          .match(Delete.class, d -> deleteMessages(d.toSequenceNr()))
          .match(DeleteMessagesSuccess.class, d -> probe.tell("deleted", self()))
          .build();
    }
  }

  private static Recovered start(ActorSystem system, String pid, TestKit probe) {
    system.actorOf(Recorder.props(pid, probe.getRef()));
    return probe.expectMsgClass(Recovered.class);
  }

  private static void send(TestKit probe, ActorRef actor, Object command, String expectedReply) {
    actor.tell(command, ActorRef.noSender());
    probe.expectMsg(expectedReply);
  }

  @Test
  void recoversEventsSnapshotsAndDeletionsAfterRestart() throws Exception {
    ActorSystem first = ActorSystem.create("restart1", TckDirs.pluginConfig(root));
    try {
      TestKit probe = new TestKit(first);
      ActorRef a = first.actorOf(Recorder.props("restart-a", probe.getRef()));
      probe.expectMsg(new Recovered(List.of(), 0));
      send(probe, a, new Add(List.of("a", "b", "c")), "persisted 3");
      send(probe, a, "snap", "snapshot saved");
      send(probe, a, new Add(List.of("d")), "persisted 4");
      send(probe, a, new Add(List.of("e")), "persisted 5");
      send(probe, a, new Delete(2), "deleted");

      ActorRef b = first.actorOf(Recorder.props("restart-b", probe.getRef()));
      probe.expectMsg(new Recovered(List.of(), 0));
      for (int i = 1; i <= 50; i++) {
        send(probe, b, new Add(List.of("b" + i)), "persisted " + i);
      }

      ActorRef c = first.actorOf(Recorder.props("restart-c", probe.getRef()));
      probe.expectMsg(new Recovered(List.of(), 0));
      send(probe, c, new Add(List.of("x", "y")), "persisted 2");
      send(probe, c, new Delete(Long.MAX_VALUE), "deleted");
    } finally {
      TestKit.shutdownActorSystem(first);
    }

    ActorSystem second = ActorSystem.create("restart2", TckDirs.pluginConfig(root));
    try {
      TestKit probe = new TestKit(second);
      // Snapshot at 3, then events 4 and 5 from the journal.
      assertThat(start(second, "restart-a", probe))
          .isEqualTo(new Recovered(List.of("a", "b", "c", "d", "e"), 5));
      List<String> expectedB = new ArrayList<>();
      for (int i = 1; i <= 50; i++) {
        expectedB.add("b" + i);
      }
      assertThat(start(second, "restart-b", probe)).isEqualTo(new Recovered(expectedB, 50));
      // Everything deleted, but the sequence number carries on.
      ActorRef c = second.actorOf(Recorder.props("restart-c", probe.getRef()));
      probe.expectMsg(new Recovered(List.of(), 2));
      send(probe, c, new Add(List.of("z")), "persisted 3");
    } finally {
      TestKit.shutdownActorSystem(second);
    }

    ActorSystem third = ActorSystem.create("restart3", TckDirs.pluginConfig(root));
    try {
      TestKit probe = new TestKit(third);
      assertThat(start(third, "restart-c", probe)).isEqualTo(new Recovered(List.of("z"), 3));
      assertThat(start(third, "restart-a", probe).lastSequenceNr()).isEqualTo(5);
    } finally {
      TestKit.shutdownActorSystem(third);
    }
    try (var snapshots = Files.list(root.resolve("snapshots"))) {
      assertThat(snapshots.map(p -> p.getFileName().toString()))
          .singleElement()
          .asString()
          .startsWith("snapshot-restart-a-3-");
    }
  }
}
