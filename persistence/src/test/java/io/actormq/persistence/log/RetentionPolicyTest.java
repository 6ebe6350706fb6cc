package io.actormq.persistence.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionPolicyTest {

  static FlushService flusher;
  @TempDir Path dir;

  /**
   * Retention of 1 s against records stored at offset * 10 ms: segment k expires after its newest.
   */
  static final RetentionPolicy POLICY =
      new RetentionPolicy(Duration.ofSeconds(1), Set.of(4), 0.75, 0.85, 0.90, 2, ZoneOffset.UTC);

  static final long AT_NOON =
      ZonedDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
  static final long AT_FOUR =
      ZonedDateTime.of(2026, 1, 1, 4, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();

  @BeforeAll
  static void start() {
    flusher = FlushService.start("flusher", Duration.ofMillis(50));
  }

  @AfterAll
  static void stop() {
    flusher.close();
  }

  QueueLog filled() throws IOException {
    QueueLog log = QueueLog.open(dir, QueueLogTest.SMALL, TestRecords.FORMAT, flusher);
    RetentionAndFlushTest.fill(log, 40);
    return log;
  }

  @Test
  void expiredSegmentsWaitForTheDeleteHourUnlessTheDiskPassesTheCleanRatio() throws IOException {
    try (QueueLog log = filled()) {
      assertThat(POLICY.apply(log, AT_NOON, 0.10)).isZero();
      assertThat(POLICY.apply(log, AT_NOON, 0.80)).isEqualTo(9);
      assertThat(log.minOffset()).isEqualTo(36);
    }
  }

  @Test
  void expiredSegmentsGoDuringTheDeleteHour() throws IOException {
    try (QueueLog log = filled()) {
      assertThat(POLICY.apply(log, AT_FOUR, 0.10)).isEqualTo(9);
    }
  }

  @Test
  void pastTheForcedRatioTheOldestGoWhateverTheirAge() throws IOException {
    RetentionPolicy longRetention =
        new RetentionPolicy(Duration.ofDays(3650), Set.of(), 0.75, 0.85, 0.90, 2, ZoneOffset.UTC);
    try (QueueLog log = filled()) {
      assertThat(longRetention.apply(log, 0, 0.80)).isZero();
      assertThat(longRetention.apply(log, 0, 0.86)).isEqualTo(2);
      assertThat(log.minOffset()).isEqualTo(8);
      assertThat(longRetention.diskFull(0.86)).isFalse();
      assertThat(longRetention.diskFull(0.90)).isTrue();
    }
  }

  @Test
  void usedRatioIsAFraction() throws IOException {
    assertThat(RetentionPolicy.usedRatio(dir)).isBetween(0.0, 1.0);
  }
}
