package io.actormq.persistence.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionAndFlushTest {

  static FlushService flusher;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    flusher = FlushService.start("flusher", Duration.ofMillis(20));
  }

  @AfterAll
  static void stop() {
    flusher.close();
  }

  /** Records of 1000 bytes, four to a 4 KiB segment, stored at time offset * 10. */
  static void fill(QueueLog log, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      long offset = log.nextOffset();
      log.append(TestRecords.record(offset * 10, 0, payloadFor(offset)));
    }
  }

  static byte[] payloadFor(long offset) {
    byte[] payload = new byte[1000 - TestRecords.HEADER];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (offset + i);
    }
    return payload;
  }

  @Test
  void expiredSegmentsGoButNeverTheActiveOne() throws IOException {
    try (QueueLog log = QueueLog.open(dir, QueueLogTest.SMALL, TestRecords.FORMAT, flusher)) {
      fill(log, 20);
      int before = Files.list(dir.resolve("log")).toList().size();
      assertThat(before).isEqualTo(5);
      // Segment 0 holds offsets 0..3 (newest stored at 30), segment 1 offsets 4..7 (70).
      assertThat(log.deleteSegmentsStoredBefore(30)).isZero();
      assertThat(log.deleteSegmentsStoredBefore(71)).isEqualTo(2);
      assertThat(log.minOffset()).isEqualTo(8);
      assertThat(log.read(7, 1, 10_000, null).status())
          .isEqualTo(ReadResult.Status.OFFSET_TOO_SMALL);
      assertThat(log.read(7, 1, 10_000, null).nextOffset()).isEqualTo(8);
      assertThat(TestRecords.payload(log.readOne(8))).isEqualTo(payloadFor(8));
      assertThat(log.deleteSegmentsStoredBefore(Long.MAX_VALUE)).isEqualTo(2);
      assertThat(log.minOffset()).isEqualTo(16);
      assertThat(log.deleteOldestSegments(10)).isZero();
      fill(log, 1);
      assertThat(log.nextOffset()).isEqualTo(21);
    }
    try (QueueLog log = QueueLog.open(dir, QueueLogTest.SMALL, TestRecords.FORMAT, flusher)) {
      assertThat(log.minOffset()).isEqualTo(16);
      assertThat(log.nextOffset()).isEqualTo(21);
      assertThat(TestRecords.payload(log.readOne(20))).isEqualTo(payloadFor(20));
    }
  }

  @Test
  void segmentsWhollyBelowAnOffsetGoWhenTheOwnerSaysSo() throws IOException {
    try (QueueLog log = QueueLog.open(dir, QueueLogTest.SMALL, TestRecords.FORMAT, flusher)) {
      fill(log, 20);
      // Segment 0 holds offsets 0..3, segment 1 4..7: offset 6 still needs segment 1.
      assertThat(log.deleteSegmentsBelow(3)).isZero();
      assertThat(log.deleteSegmentsBelow(6)).isEqualTo(1);
      assertThat(log.minOffset()).isEqualTo(4);
      assertThat(log.deleteSegmentsBelow(8)).isEqualTo(1);
      assertThat(log.minOffset()).isEqualTo(8);
      assertThat(TestRecords.payload(log.readOne(8))).isEqualTo(payloadFor(8));
      assertThat(log.deleteSegmentsBelow(Long.MAX_VALUE)).isEqualTo(2);
      assertThat(log.minOffset()).isEqualTo(16);
    }
  }

  @Test
  void retentionDropsIndexFilesThatOnlyCoverDeletedOffsets() throws IOException {
    LogConfig config = QueueLogTest.SMALL.withIndexEntriesPerFile(4);
    try (QueueLog log = QueueLog.open(dir, config, TestRecords.FORMAT, flusher)) {
      fill(log, 20);
      log.deleteOldestSegments(3);
      assertThat(log.minOffset()).isEqualTo(12);
      assertThat(Files.list(dir.resolve("index")).map(p -> p.getFileName().toString()).sorted())
          .first()
          .isEqualTo(String.format("%020d.idx", 12));
    }
    try (QueueLog log = QueueLog.open(dir, config, TestRecords.FORMAT, flusher)) {
      assertThat(log.minOffset()).isEqualTo(12);
    }
  }

  @Test
  void syncAppendsCompleteOnlyOnceFlushedAndShareFsyncs() throws Exception {
    LogConfig sync = QueueLogTest.SMALL.withSegmentBytes(1 << 20).withFlushPolicy(FlushPolicy.SYNC);
    try (QueueLog log = QueueLog.open(dir, sync, TestRecords.FORMAT, flusher)) {
      long fsyncsBefore = flusher.groupCommits();
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        acks.add(
            log.append(TestRecords.record(i, 0, new byte[100])).durable().toCompletableFuture());
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      IndexEntry last = log.entry(1999);
      assertThat(log.flushedPosition()).isGreaterThanOrEqualTo(last.position() + last.size());
      assertThat(flusher.groupCommits() - fsyncsBefore).isLessThan(2_000);
    }
  }

  @Test
  void asyncAppendsAreDurableAtOnceAndCheckpointedInTheBackground() throws Exception {
    try (QueueLog log = QueueLog.open(dir, QueueLogTest.SMALL, TestRecords.FORMAT, flusher)) {
      Appended appended = log.append(TestRecords.record(1, 0, new byte[10]));
      assertThat(appended.durable().toCompletableFuture().isDone()).isTrue();
    }
  }

  @Test
  void readersRunningDuringAppendsSeeOnlyCompleteRecords() throws Exception {
    int total = 5_000;
    LogConfig config = QueueLogTest.SMALL.withSegmentBytes(64 * 1024);
    try (QueueLog log = QueueLog.open(dir, config, TestRecords.FORMAT, flusher)) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        Thread reader =
            new Thread(
                () -> {
                  try {
                    long offset = 0;
                    while (offset < total) {
                      ReadResult read = log.read(offset, 16, 1 << 20, null);
                      for (ByteBuffer record : QueueLogTest.unpack(read)) {
                        long stamped = TestRecords.FORMAT.logicalOffset(record, 0);
                        assertThat(stamped).isEqualTo(offset);
                        assertThat(TestRecords.payload(record)).isEqualTo(smallPayload(offset));
                        offset++;
                      }
                      Thread.onSpinWait();
                    }
                  } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                  }
                });
        reader.start();
        readers.add(reader);
      }
      for (int i = 0; i < total; i++) {
        log.append(TestRecords.record(i, 0, smallPayload(i)));
      }
      for (Thread reader : readers) {
        reader.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(reader.isAlive()).isFalse();
      }
      assertThat(failure.get()).isNull();
    }
  }

  static byte[] smallPayload(long offset) {
    byte[] payload = new byte[(int) (offset % 50)];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (offset * 31 + i);
    }
    return payload;
  }
}
