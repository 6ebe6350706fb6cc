package io.actormq.persistence.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flusher that gathers group commits (see {@link CommitGathering}) against real logs. */
class GatheringFlushTest {

  static final LogConfig SYNC =
      QueueLogTest.SMALL.withSegmentBytes(1 << 20).withFlushPolicy(FlushPolicy.SYNC);

  @TempDir Path dir;

  @Test
  void aWaitNeverOutlastsAnFsyncWhateverTheLimit() throws Exception {
    try (FlushService flusher =
            FlushService.start("gathering", Duration.ofHours(1), Duration.ofHours(1));
        QueueLog log = QueueLog.open(dir, SYNC, TestRecords.FORMAT, flusher)) {
      List<ByteBuffer> four = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        four.add(TestRecords.record(i, 0, new byte[100]));
      }
      log.append(four).durable().toCompletableFuture().get(30, TimeUnit.SECONDS);
      // The flusher now waits for four more records, which never come: one fsync's time at most.
      log.append(TestRecords.record(4, 0, new byte[100]))
          .durable()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      assertThat(flusher.groupCommits()).isEqualTo(2);
    }
  }

  @Test
  void producersWithOneAppendInFlightAreAllServed() throws Exception {
    int total = 3_000;
    try (FlushService flusher = FlushService.start("gathering", Duration.ofMillis(20));
        QueueLog log = QueueLog.open(dir, SYNC, TestRecords.FORMAT, flusher)) {
      CallbackProducers producers = new CallbackProducers(log, total);
      for (int i = 0; i < 16; i++) {
        producers.sendNext();
      }
      assertThat(producers.durable.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(producers.failure.get()).isNull();
      assertThat(log.nextOffset()).isEqualTo(total);
      assertThat(flusher.groupCommits()).isLessThan(total);
    }
  }

  /** Each sends its next record from the callback that reports the previous one durable. */
  static final class CallbackProducers {
    final QueueLog log;
    final Object writerLock = new Object();
    final AtomicInteger toSend;
    final CountDownLatch durable;
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    CallbackProducers(QueueLog log, int total) {
      this.log = log;
      this.toSend = new AtomicInteger(total);
      this.durable = new CountDownLatch(total);
    }

    void sendNext() {
      int n = toSend.getAndDecrement();
      if (n <= 0) {
        return;
      }
      CompletableFuture<Void> done;
      // A log has a single writer: appends are serialized, as a queue actor's are.
      synchronized (writerLock) {
        try {
          done =
              log.append(TestRecords.record(n, 0, new byte[100])).durable().toCompletableFuture();
        } catch (IOException e) {
          failure.compareAndSet(null, e);
          return;
        }
      }
      done.whenComplete(
          (ok, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            }
            durable.countDown();
            sendNext();
          });
    }
  }
}
