package io.actormq.persistence.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zeroing ahead of the writer, and group commit acknowledging off the flusher thread. */
class ZeroAheadTest {

  static final int SEGMENT = 1 << 20;
  static final LogConfig SYNC =
      QueueLogTest.SMALL
          .withSegmentBytes(SEGMENT)
          .withFlushPolicy(FlushPolicy.SYNC)
          .withZeroAhead(64 * 1024);

  static FlushService flusher;

  @TempDir Path dir;
  @TempDir Path image;

  @BeforeAll
  static void start() {
    flusher = FlushService.start("flusher", Duration.ofMillis(50));
  }

  @AfterAll
  static void stop() {
    flusher.close();
  }

  static ByteBuffer chunk(int length, byte fill) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, fill);
    return ByteBuffer.wrap(bytes);
  }

  @Test
  void zeroesAStretchAheadOfTheWriterAndTopsItUpOnlyOnceHalfIsUsed() throws Exception {
    LogSegment segment = LogSegment.create(dir, 0, SEGMENT);
    try {
      segment.write(0, chunk(1000, (byte) 7));
      // From the page after the writer's end to 64 KiB beyond that end.
      assertThat(segment.zeroAhead(64 * 1024)).isEqualTo(1000 + 64 * 1024 - 4096);
      assertThat(segment.zeroAhead(64 * 1024)).isZero();
      segment.write(1000, chunk(20_000, (byte) 8));
      assertThat(segment.zeroAhead(64 * 1024)).as("less than half used").isZero();
      segment.write(21_000, chunk(20_000, (byte) 9));
      assertThat(segment.zeroAhead(64 * 1024)).isEqualTo(41_000 + 64 * 1024 - (1000 + 64 * 1024));
      assertThat(segment.slice(0, 1000).get(999)).isEqualTo((byte) 7);
      assertThat(segment.slice(1000, 20_000).get(0)).isEqualTo((byte) 8);
      assertThat(segment.slice(21_000, 20_000).get(19_999)).isEqualTo((byte) 9);
      assertThat(segment.slice(41_000, 1).get(0)).isZero();
    } finally {
      segment.delete();
    }
  }

  @Test
  void stopsAtTheSegmentEnd() throws Exception {
    LogSegment segment = LogSegment.create(dir, 0, 64 * 1024);
    try {
      segment.write(0, chunk(60 * 1024, (byte) 1));
      assertThat(segment.zeroAhead(1 << 20)).isEqualTo(4 * 1024);
      assertThat(segment.zeroAhead(1 << 20)).isZero();
    } finally {
      segment.delete();
    }
  }

  @Test
  void aReopenedSegmentIsNotZeroedBeforeRecoverySaysWhereItsDataEnds() throws Exception {
    LogSegment created = LogSegment.create(dir, 0, SEGMENT);
    created.write(0, chunk(8192, (byte) 3));
    created.close();
    LogSegment reopened = LogSegment.open(dir.resolve(LogSegment.fileName(0)));
    try {
      assertThat(reopened.zeroAhead(64 * 1024)).isZero();
      reopened.resetWriteClaim(8192);
      assertThat(reopened.zeroAhead(64 * 1024)).isEqualTo(64 * 1024);
      assertThat(reopened.slice(8191, 1).get(0)).isEqualTo((byte) 3);
    } finally {
      reopened.delete();
    }
  }

  /**
   * The writer and the zeroing flusher race over the same segment with a stretch so short that they
   * keep meeting; no written byte may ever be zeroed.
   */
  @Test
  void zeroingNeverOverwritesWhatTheWriterWrote() throws Exception {
    int segmentBytes = 32 << 20;
    LogSegment segment = LogSegment.create(dir, 0, segmentBytes);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong zeroed = new AtomicLong();
    CompletableFuture<Void> zeroer =
        CompletableFuture.runAsync(
            () -> {
              try {
                while (writing.get()) {
                  zeroed.addAndGet(segment.zeroAhead(LogSegment.ZERO_CHUNK + 8192));
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      Random random = new Random(11);
      int at = 0;
      List<int[]> written = new ArrayList<>();
      while (at < segmentBytes - 70_000) {
        int length = 1 + random.nextInt(64 * 1024);
        byte fill = (byte) (1 + random.nextInt(255));
        segment.write(at, chunk(length, fill));
        written.add(new int[] {at, length, fill});
        at += length;
      }
      writing.set(false);
      zeroer.get(30, TimeUnit.SECONDS);
      assertThat(zeroed.get()).isPositive();
      for (int[] w : written) {
        ByteBuffer bytes = segment.slice(w[0], w[1]);
        for (int i = 0; i < w[1]; i += 509) {
          assertThat(bytes.get(i)).as("byte %d of the write at %d", i, w[0]).isEqualTo((byte) w[2]);
        }
        assertThat(bytes.get(w[1] - 1)).isEqualTo((byte) w[2]);
      }
    } finally {
      writing.set(false);
      segment.delete();
    }
  }

  @Test
  void zerosAheadOfTheDataReadAsTheCleanEndOfTheLogAfterACrash() throws Exception {
    TreeMap<Long, QueueLogTest.Expected> model;
    try (QueueLog log = QueueLog.open(dir, SYNC, TestRecords.FORMAT, flusher)) {
      model = QueueLogTest.fill(log, new Random(3), 40, 0);
      log.append(TestRecords.record(1, 0, new byte[10])).durable().toCompletableFuture().get();
      model.put(log.nextOffset() - 1, new QueueLogTest.Expected(new byte[10], 0, 1));
      LogRecoveryTest.copy(dir, image);
    }
    try (QueueLog log = QueueLog.open(image, SYNC, TestRecords.FORMAT, flusher)) {
      assertThat(log.recoveryReport().truncated()).isFalse();
      QueueLogTest.assertMatches(log, model);
      // The recovered active segment is zeroed ahead again from its end, never over its data.
      for (int i = 0; i < 200; i++) {
        long offset = log.nextOffset();
        byte[] payload = RetentionAndFlushTest.payloadFor(offset);
        log.append(TestRecords.record(offset, 0, payload)).durable().toCompletableFuture().get();
        model.put(offset, new QueueLogTest.Expected(payload, 0, offset));
      }
      QueueLogTest.assertMatches(log, model);
    }
    try (QueueLog log = QueueLog.open(image, SYNC, TestRecords.FORMAT, flusher)) {
      assertThat(log.recoveryReport().truncated()).isFalse();
      QueueLogTest.assertMatches(log, model);
    }
  }

  /** A slow acknowledgement must not hold back the fsyncs of later appends. */
  @Test
  void fsyncsGoOnWhileAnAcknowledgementIsStillRunning() throws Exception {
    try (QueueLog log = QueueLog.open(dir, SYNC, TestRecords.FORMAT, flusher)) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch inCallback = new CountDownLatch(1);
      Thread test = Thread.currentThread();
      CompletableFuture<Void> slow;
      do {
        // A callback attached after its future completed would run here, on the test thread.
        slow =
            log.append(TestRecords.record(1, 0, new byte[10]))
                .durable()
                .toCompletableFuture()
                .thenRun(
                    () -> {
                      if (Thread.currentThread() != test) {
                        inCallback.countDown();
                        awaitQuietly(release);
                      }
                    });
      } while (slow.isDone());
      assertThat(inCallback.await(30, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> next =
          log.append(TestRecords.record(2, 0, new byte[10])).durable().toCompletableFuture();
      IndexEntry last = log.entry(log.nextOffset() - 1);
      long end = last.position() + last.size();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (log.flushedPosition() < end && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(log.flushedPosition()).isGreaterThanOrEqualTo(end);
      assertThat(next).isNotDone();
      release.countDown();
      next.get(30, TimeUnit.SECONDS);
      slow.get(30, TimeUnit.SECONDS);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
