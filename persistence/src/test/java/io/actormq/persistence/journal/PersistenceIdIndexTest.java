package io.actormq.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.persistence.journal.JournalRecordFormat.Event;
import io.actormq.persistence.journal.PayloadSerializer.Serialized;
import io.actormq.persistence.log.FlushService;
import io.actormq.persistence.log.LogConfig;
import io.actormq.persistence.log.QueueLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceIdIndexTest {

  @TempDir Path dir;
  private FlushService flusher;
  private QueueLog log;

  @BeforeEach
  void open() throws IOException {
    flusher = FlushService.start("test-flusher", Duration.ofSeconds(1));
    log =
        QueueLog.open(
            dir,
            LogConfig.defaults()
                .withSegmentBytes(1 << 20)
                .withIndexEntriesPerFile(1024)
                .withKeyIndex(8, 8),
            new JournalRecordFormat(),
            flusher);
  }

  @AfterEach
  void close() {
    log.close();
    flusher.close();
  }

  private static ByteBuffer event(String pid, long seqNr, int index, boolean last) {
    Serialized payload =
        new Serialized(20, "", (pid + "-" + seqNr).getBytes(StandardCharsets.UTF_8));
    return JournalRecordFormat.encodeEvent(
        new Event(pid, seqNr, "writer", "", 0L, payload, null), index, last, 1_000L);
  }

  @Test
  void ignoresAtomicWritesACrashLeftIncompleteAndAppliesTombstones() throws IOException {
    log.append(List.of(event("p", 1, 0, true)));
    // A torn AtomicWrite: two of its records reached the log, its last did not.
    log.append(List.of(event("p", 2, 0, false), event("p", 3, 1, false)));
    log.append(List.of(event("q", 1, 0, true)));
    // The actor restarted and wrote the same sequence numbers again, completely this time.
    long rewritten = log.append(List.of(event("p", 2, 0, true))).firstOffset();
    long three = log.append(List.of(event("p", 3, 0, true))).firstOffset();
    log.append(List.of(JournalRecordFormat.encodeDeletion("p", 1, 1_000L)));
    // And a torn write at the very end of the log.
    log.append(List.of(event("p", 4, 0, false)));

    PersistenceIdIndex index = PersistenceIdIndex.rebuild(log);

    assertThat(index.highest("p")).isEqualTo(3);
    assertThat(index.deletedTo("p")).isEqualTo(1);
    assertThat(index.offsets("p", 0, Long.MAX_VALUE, Long.MAX_VALUE))
        .containsExactly(rewritten, three);
    assertThat(index.offsets("p", 0, Long.MAX_VALUE, 1)).containsExactly(rewritten);
    assertThat(index.highest("q")).isEqualTo(1);
    assertThat(index.highest("unknown")).isZero();
    assertThat(index.offsets("unknown", 0, 10, 10)).isEmpty();
  }

  @Test
  void readsBackWhatItEncoded() throws IOException {
    long offset = log.append(List.of(event("p", 7, 0, true))).firstOffset();
    Event e = JournalRecordFormat.readEvent(log.readOne(offset));
    assertThat(e.persistenceId()).isEqualTo("p");
    assertThat(e.sequenceNr()).isEqualTo(7);
    assertThat(e.writerUuid()).isEqualTo("writer");
    assertThat(new String(e.payload().bytes(), StandardCharsets.UTF_8)).isEqualTo("p-7");
    assertThat(e.metadata()).isNull();
  }

  @Test
  void deletionKeepsTheHighestSequenceNumberAndLaterEvents() {
    PersistenceIdIndex index = new PersistenceIdIndex();
    for (long s = 1; s <= 10; s++) {
      index.addEvent("p", s, 100 + s);
    }
    index.deleteTo("p", 4);
    index.deleteTo("p", 2); // never goes back
    assertThat(index.offsets("p", 1, 6, 100)).containsExactly(105, 106);
    index.deleteTo("p", 10);
    assertThat(index.offsets("p", 1, Long.MAX_VALUE, 100)).isEmpty();
    assertThat(index.highest("p")).isEqualTo(10);
    index.addEvent("p", 11, 111);
    assertThat(index.offsets("p", 1, Long.MAX_VALUE, 100)).containsExactly(111);
  }
}
