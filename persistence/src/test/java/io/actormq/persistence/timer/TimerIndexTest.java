package io.actormq.persistence.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimerIndexTest {

  private static final long HORIZON = 600;
  private static final int CHUNK = 64;

  @TempDir Path dir;

  /** Model: index to due time, for the entries still pending. */
  private final TreeMap<Long, Long> pending = new TreeMap<>();

  private static List<Long> collect(TimerIndex index, long second) {
    List<Long> out = new ArrayList<>();
    index.collect(second, out::add);
    return out;
  }

  private List<Long> expected(long second) {
    List<Long> out = new ArrayList<>();
    pending.forEach(
        (i, due) -> {
          if (Math.floorDiv(due, 1000) == second) {
            out.add(i);
          }
        });
    return out;
  }

  @Test
  void collectsExactlyThePendingEntriesOfASecondAcrossChunksAndWheelTurns() throws Exception {
    Random random = new Random(42);
    long now = 1_700_000_000_000L;
    try (TimerIndex index = TimerIndex.open(dir, HORIZON, CHUNK)) {
      for (long i = 0; i < 2_000; i++) {
        // Time moves on, so later entries may share a slot with entries of an earlier wheel turn.
        now += random.nextInt(2_000);
        long due = now + random.nextInt((int) HORIZON * 1000);
        index.record(i, due);
        pending.put(i, due);
        if (random.nextInt(3) == 0) {
          Long victim = pending.ceilingKey((long) random.nextInt((int) i + 1));
          if (victim != null) {
            index.markDone(victim);
            pending.remove(victim);
          }
        }
        // Deliver what is due, as the timer actor would, second by second.
        long second = Math.floorDiv(now, 1000);
        for (Long j : collect(index, second)) {
          index.markDone(j);
          pending.remove(j);
        }
      }
      for (long second : new TreeSet<>(pending.values().stream().map(d -> d / 1000).toList())) {
        assertThat(collect(index, second)).containsExactlyInAnyOrderElementsOf(expected(second));
      }
      assertThat(index.pendingCount()).isEqualTo(pending.size());
    }
  }

  @Test
  void reopeningLinksPendingEntriesAgainAndRestoresThoseAboveTheWatermark() throws Exception {
    long base = 1_800_000_000_000L;
    // Never closed: a crash after the checkpoint, with entries recorded since.
    TimerIndex crashed = TimerIndex.open(dir, HORIZON, CHUNK);
    {
      TimerIndex index = crashed;
      for (long i = 0; i < 200; i++) {
        index.record(i, base + i * 37);
      }
      for (long i = 0; i < 200; i += 3) {
        index.markDone(i);
      }
      index.advanceLowestPending(1_000);
      index.checkpointTask().run();
      // Recorded after the checkpoint: these must come back through restore, from the "log".
      for (long i = 200; i < 260; i++) {
        index.record(i, base + i * 37);
      }
      index.markDone(201);
    }
    try (TimerIndex index = TimerIndex.open(dir, HORIZON, CHUNK)) {
      long mark = index.watermark();
      assertThat(mark).isEqualTo(200L);
      for (long i = mark; i < 260; i++) {
        index.restore(i, base + i * 37);
      }
      assertThat(index.watermark()).isEqualTo(260);
      for (long i = 0; i < 260; i++) {
        if (!(i < 200 && i % 3 == 0) && i != 201) {
          pending.put(i, base + i * 37);
        }
      }
      assertThat(index.earliestPendingSecond()).isEqualTo((base + 37) / 1000);
      for (long second = base / 1000; second <= (base + 260 * 37) / 1000; second++) {
        assertThat(collect(index, second)).containsExactlyInAnyOrderElementsOf(expected(second));
      }
    }
  }

  @Test
  void entriesOutOfOrderHoldTheWatermarkAtTheFirstGap() throws Exception {
    try (TimerIndex index = TimerIndex.open(dir, HORIZON, CHUNK)) {
      index.record(0, 5_000);
      index.record(2, 5_000);
      assertThat(index.watermark()).isEqualTo(1);
      index.record(1, 6_000);
      assertThat(index.watermark()).isEqualTo(3);
      assertThatThrownBy(() -> index.record(1, 7_000)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void chunksBelowTheLowestPendingEntryAreDeletedAtCheckpoint() throws Exception {
    try (TimerIndex index = TimerIndex.open(dir, HORIZON, CHUNK)) {
      for (long i = 0; i < 3 * CHUNK; i++) {
        index.record(i, 10_000 + i);
      }
      for (long i = 0; i < 2 * CHUNK + 5; i++) {
        index.markDone(i);
      }
      assertThat(index.advanceLowestPending(10_000)).isEqualTo(2 * CHUNK + 5);
      index.checkpointTask().run();
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".timer")))
          .containsExactly(String.format("%020d.timer", 2 * CHUNK));
    }
  }
}
