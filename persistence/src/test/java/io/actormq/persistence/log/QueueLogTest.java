package io.actormq.persistence.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log against a model: a TreeMap of offset → (payload, tag, timestamp). */
class QueueLogTest {

  static final LogConfig SMALL =
      LogConfig.defaults().withSegmentBytes(4096).withIndexEntriesPerFile(64);

  static FlushService flusher;

  @TempDir Path dir;

  record Expected(byte[] payload, int tag, long timestamp) {}

  @BeforeAll
  static void startFlusher() {
    flusher = FlushService.start("test-flusher", Duration.ofMillis(50));
  }

  @AfterAll
  static void stopFlusher() {
    flusher.close();
  }

  static List<ByteBuffer> unpack(ReadResult result) {
    List<ByteBuffer> records = new ArrayList<>();
    for (ByteBuffer run : result.runs()) {
      ByteBuffer r = run.duplicate();
      while (r.hasRemaining()) {
        int size = r.getInt(r.position());
        records.add(r.slice(r.position(), size));
        r.position(r.position() + size);
      }
    }
    return records;
  }

  static TreeMap<Long, Expected> fill(QueueLog log, Random random, int batches, long startTime)
      throws IOException {
    TreeMap<Long, Expected> model = new TreeMap<>();
    long time = startTime;
    for (int b = 0; b < batches; b++) {
      int n = 1 + random.nextInt(8);
      List<ByteBuffer> batch = new ArrayList<>();
      List<Expected> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] payload = new byte[random.nextInt(900)];
        random.nextBytes(payload);
        int tag = random.nextInt(4);
        time += random.nextInt(3);
        batch.add(TestRecords.record(time, tag, payload));
        expected.add(new Expected(payload, tag, time));
      }
      long expectedFirst = log.nextOffset();
      Appended appended = log.append(batch);
      assertThat(appended.firstOffset()).isEqualTo(expectedFirst);
      for (int i = 0; i < n; i++) {
        model.put(appended.firstOffset() + i, expected.get(i));
      }
    }
    return model;
  }

  static void assertMatches(QueueLog log, TreeMap<Long, Expected> model) {
    assertThat(log.nextOffset()).isEqualTo(model.lastKey() + 1);
    for (Map.Entry<Long, Expected> e : model.tailMap(log.minOffset()).entrySet()) {
      ByteBuffer one = log.readOne(e.getKey());
      assertThat(one).as("offset %d", e.getKey()).isNotNull();
      assertThat(TestRecords.payload(one)).isEqualTo(e.getValue().payload());
      assertThat(TestRecords.FORMAT.logicalOffset(one, 0)).isEqualTo(e.getKey());
      assertThat(log.entry(e.getKey()).tagHash()).isEqualTo(e.getValue().tag());
    }
  }

  @Test
  void appendsAndReadsAcrossSegmentsMatchTheModel() throws IOException {
    Random random = new Random(1);
    try (QueueLog log = QueueLog.open(dir, SMALL, TestRecords.FORMAT, flusher)) {
      TreeMap<Long, Expected> model = fill(log, random, 200, 1_000);
      assertMatches(log, model);
      for (int i = 0; i < 300; i++) {
        long from = random.nextLong(model.size());
        int maxRecords = 1 + random.nextInt(40);
        int maxBytes = 1 + random.nextInt(20_000);
        ReadResult read = log.read(from, maxRecords, maxBytes, null);
        List<ByteBuffer> records = unpack(read);
        assertThat(read.status()).isEqualTo(ReadResult.Status.FOUND);
        assertThat(records).hasSize(read.count());
        assertThat(read.count()).isBetween(1, maxRecords);
        assertThat(read.count() == 1 || read.bytes() <= maxBytes).isTrue();
        assertThat(read.nextOffset()).isEqualTo(from + read.count());
        for (int k = 0; k < records.size(); k++) {
          assertThat(TestRecords.payload(records.get(k))).isEqualTo(model.get(from + k).payload());
        }
      }
    }
  }

  @Test
  void filteredReadsSkipByTagAndReportWhereToResume() throws IOException {
    Random random = new Random(2);
    try (QueueLog log = QueueLog.open(dir, SMALL, TestRecords.FORMAT, flusher)) {
      TreeMap<Long, Expected> model = fill(log, random, 100, 0);
      long offset = 0;
      List<Long> seen = new ArrayList<>();
      while (offset < log.nextOffset()) {
        ReadResult read = log.read(offset, 7, Integer.MAX_VALUE, tag -> tag == 3);
        for (ByteBuffer r : unpack(read)) {
          seen.add(TestRecords.FORMAT.logicalOffset(r, 0));
        }
        assertThat(read.nextOffset()).isGreaterThan(offset);
        offset = read.nextOffset();
      }
      List<Long> expected =
          model.entrySet().stream()
              .filter(e -> e.getValue().tag() == 3)
              .map(Map.Entry::getKey)
              .toList();
      assertThat(seen).isEqualTo(expected);
    }
  }

  @Test
  void aSelectiveFilterScansABoundedNumberOfRecords() throws IOException {
    LogConfig config = SMALL.withMaxScanPerRead(10);
    try (QueueLog log = QueueLog.open(dir, config, TestRecords.FORMAT, flusher)) {
      for (int i = 0; i < 25; i++) {
        log.append(TestRecords.record(i, 1, new byte[10]));
      }
      ReadResult read = log.read(0, 32, Integer.MAX_VALUE, tag -> tag == 2);
      assertThat(read.status()).isEqualTo(ReadResult.Status.ALL_FILTERED);
      assertThat(read.nextOffset()).isEqualTo(10);
    }
  }

  @Test
  void readsOutsideTheLogSayWhy() throws IOException {
    try (QueueLog log = QueueLog.open(dir, SMALL, TestRecords.FORMAT, flusher)) {
      assertThat(log.read(0, 1, 100, null).status()).isEqualTo(ReadResult.Status.NO_NEW_RECORDS);
      log.append(TestRecords.record(5, 0, new byte[3]));
      assertThat(log.read(1, 1, 100, null).status()).isEqualTo(ReadResult.Status.NO_NEW_RECORDS);
      assertThat(log.read(2, 1, 100, null).status()).isEqualTo(ReadResult.Status.OFFSET_OVERFLOW);
      assertThat(log.read(-1, 1, 100, null).status()).isEqualTo(ReadResult.Status.OFFSET_TOO_SMALL);
      assertThat(log.readOne(1)).isNull();
    }
  }

  @Test
  void timeLookupsAreExactToTheMillisecond() throws IOException {
    try (QueueLog log = QueueLog.open(dir, SMALL, TestRecords.FORMAT, flusher)) {
      long[] times = {100, 100, 105, 110, 110, 110, 200};
      for (long t : times) {
        log.append(TestRecords.record(t, 0, new byte[1]));
      }
      assertThat(log.firstOffsetStoredAtOrAfter(0)).isEqualTo(0);
      assertThat(log.firstOffsetStoredAtOrAfter(100)).isEqualTo(0);
      assertThat(log.firstOffsetStoredAtOrAfter(101)).isEqualTo(2);
      assertThat(log.firstOffsetStoredAtOrAfter(110)).isEqualTo(3);
      assertThat(log.firstOffsetStoredAtOrAfter(111)).isEqualTo(6);
      assertThat(log.firstOffsetStoredAtOrAfter(201)).isEqualTo(7);
      assertThat(log.lastOffsetStoredAtOrBefore(99)).isEqualTo(-1);
      assertThat(log.lastOffsetStoredAtOrBefore(110)).isEqualTo(5);
      assertThat(log.lastOffsetStoredAtOrBefore(199)).isEqualTo(5);
    }
  }

  @Test
  void aClockThatGoesBackDoesNotBreakTheTimeLookup() throws IOException {
    try (QueueLog log = QueueLog.open(dir, SMALL, TestRecords.FORMAT, flusher)) {
      for (long t : new long[] {100, 300, 200, 400}) {
        log.append(TestRecords.record(t, 0, new byte[1]));
      }
      assertThat(log.entry(2).storeTimestamp()).isEqualTo(300);
      assertThat(log.firstOffsetStoredAtOrAfter(250)).isEqualTo(1);
      assertThat(log.firstOffsetStoredAtOrAfter(301)).isEqualTo(3);
    }
  }

  @Test
  void invalidRecordsAreRefusedAndLeaveNothingBehind() throws IOException {
    try (QueueLog log = QueueLog.open(dir, SMALL, TestRecords.FORMAT, flusher)) {
      ByteBuffer good = TestRecords.record(1, 0, new byte[4]);
      ByteBuffer corrupt = TestRecords.record(1, 0, new byte[4]);
      corrupt.put(TestRecords.HEADER, (byte) 9);
      assertThatThrownBy(() -> log.append(List.of(good, corrupt)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("record 1");
      assertThatThrownBy(() -> log.append(TestRecords.record(1, 0, new byte[5000])))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(log.nextOffset()).isZero();
      assertThat(log.append(good).firstOffset()).isZero();
    }
  }

  @Test
  void reopeningACleanlyClosedLogKeepsEverything() throws IOException {
    Random random = new Random(3);
    TreeMap<Long, Expected> model;
    try (QueueLog log = QueueLog.open(dir, SMALL, TestRecords.FORMAT, flusher)) {
      model = fill(log, random, 150, 0);
    }
    try (QueueLog log = QueueLog.open(dir, SMALL, TestRecords.FORMAT, flusher)) {
      assertThat(log.recoveryReport().truncated()).isFalse();
      assertThat(log.recoveryReport().rebuiltEntries()).isZero();
      assertMatches(log, model);
      model.putAll(fill(log, random, 20, 10_000));
      assertMatches(log, model);
    }
  }

  @Test
  void keysFindTheirRecordsWithinATimeRange() throws IOException {
    try (QueueLog log = QueueLog.open(dir, SMALL, TestRecords.FORMAT, flusher)) {
      for (int i = 0; i < 100; i++) {
        log.append(TestRecords.record(1_000 + i, 0, "order-" + (i % 10), new byte[20]));
      }
      assertThat(log.offsetsForKey("order-3", 0, Long.MAX_VALUE, 100))
          .containsExactly(93, 83, 73, 63, 53, 43, 33, 23, 13, 3);
      assertThat(log.offsetsForKey("order-3", 1_020, 1_060, 100)).containsExactly(53, 43, 33, 23);
      assertThat(log.offsetsForKey("order-3", 0, Long.MAX_VALUE, 2)).containsExactly(93, 83);
      assertThat(log.offsetsForKey("missing", 0, Long.MAX_VALUE, 10)).isEmpty();
    }
  }

  @Test
  void readAtPositionFindsOnlyRecordStarts() throws IOException {
    try (QueueLog log = QueueLog.open(dir, SMALL, TestRecords.FORMAT, flusher)) {
      fill(log, new Random(4), 50, 0);
      IndexEntry entry = log.entry(40);
      ByteBuffer found = log.readAtPosition(entry.position());
      assertThat(TestRecords.FORMAT.logicalOffset(found, 0)).isEqualTo(40);
      assertThat(log.readAtPosition(entry.position() + 1)).isNull();
      assertThat(log.readAtPosition(-5)).isNull();
      assertThat(log.readAtPosition(Long.MAX_VALUE)).isNull();
    }
  }
}
