package io.actormq.persistence.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommitGatheringTest {

  static final long FSYNC = 200_000;
  static final long MAX_WAIT = 1_000_000;

  final CommitGathering gathering = new CommitGathering(MAX_WAIT);

  @Test
  void waitsForAsManyNewRecordsAsTheGroupHad() {
    gathering.forced(100, 32, FSYNC, 0);
    assertThat(gathering.target()).isEqualTo(132);
    assertThat(gathering.remainingNanos(100, 10_000)).isEqualTo(FSYNC - 10_000);
    assertThat(gathering.remainingNanos(131, 90_000)).isEqualTo(FSYNC - 90_000);
    assertThat(gathering.remainingNanos(132, 100_000)).isZero();
    assertThat(gathering.target()).isZero();
    assertThat(gathering.remainingNanos(132, 100_001)).as("the wait is over").isZero();
    assertThat(gathering.waits()).isEqualTo(1);
    assertThat(gathering.fruitlessWaits()).isZero();
    assertThat(gathering.meanWaitNanos()).isEqualTo(100_000);
  }

  @Test
  void waitsNoLongerThanAnFsyncNorThanTheLimit() {
    gathering.forced(0, 8, FSYNC, 1_000);
    assertThat(gathering.remainingNanos(0, 1_000)).isEqualTo(FSYNC);
    assertThat(gathering.remainingNanos(7, 1_000 + FSYNC)).isZero();

    gathering.forced(7, 8, 50 * MAX_WAIT, 0);
    assertThat(gathering.remainingNanos(7, 0)).isEqualTo(MAX_WAIT);
  }

  @Test
  void aGroupOfOneOrAZeroLimitNeverWaits() {
    gathering.forced(10, 1, FSYNC, 0);
    assertThat(gathering.target()).isZero();
    assertThat(gathering.remainingNanos(10, 0)).isZero();

    CommitGathering never = new CommitGathering(0);
    never.forced(10, 32, FSYNC, 0);
    assertThat(never.remainingNanos(10, 0)).isZero();
    assertThat(never.waits()).isZero();
  }

  @Test
  void waitsInVainBackOffExponentiallyUntilOnePaysOff() {
    long now = 0;
    long arrived = 0;
    int expectedSkip = 1;
    for (int round = 0; round < 10; round++) {
      gathering.forced(arrived, 4, FSYNC, now);
      assertThat(gathering.target()).as("round %d waits", round).isPositive();
      arrived++; // one of four comes back in time: not worth waiting for
      now += FSYNC;
      assertThat(gathering.remainingNanos(arrived, now)).isZero();
      for (int skipped = 0; skipped < expectedSkip; skipped++) {
        gathering.forced(arrived, 4, FSYNC, now);
        assertThat(gathering.target())
            .as("round %d, group %d forced at once", round, skipped)
            .isZero();
      }
      expectedSkip = Math.min(CommitGathering.MAX_SKIP, 2 * expectedSkip);
    }
    assertThat(gathering.fruitlessWaits()).isEqualTo(10);

    gathering.forced(arrived, 4, FSYNC, now);
    assertThat(gathering.remainingNanos(arrived + 4, now + 1)).as("this one pays off").isZero();
    gathering.forced(arrived + 4, 4, FSYNC, now + 2);
    assertThat(gathering.target()).as("no back-off after a wait that paid off").isPositive();
  }

  @Test
  void nearlyTheWholeGroupBackIsWorthTheWait() {
    gathering.forced(0, 32, FSYNC, 0);
    assertThat(gathering.remainingNanos(28, FSYNC)).isZero();
    gathering.forced(28, 32, FSYNC, FSYNC);
    assertThat(gathering.target()).as("no back-off").isEqualTo(60);
    assertThat(gathering.remainingNanos(27 + 28, 2 * FSYNC)).isZero();
    assertThat(gathering.fruitlessWaits()).isEqualTo(1);
    gathering.forced(55, 32, FSYNC, 2 * FSYNC);
    assertThat(gathering.target()).as("backing off").isZero();
  }

  @Test
  void refusesANegativeLimit() {
    assertThatThrownBy(() -> new CommitGathering(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
