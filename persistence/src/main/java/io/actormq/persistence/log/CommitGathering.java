package io.actormq.persistence.log;

/**
 * Decides how long the flusher waits for more records before the next group commit. Confined to the
 * flusher thread (its counters are read by monitoring from any thread); times are passed in, so the
 * rule is tested without a disk or a clock.
 *
 * <p>The records a group commit acknowledges tend to come straight back: a producer with one send
 * in flight sends its next as soon as it hears of the last. Forcing again at once (what a flusher
 * that never waits does) splits the producers into two cohorts that take turns, each fsync covering
 * about half of them, because the cohort just acknowledged is still on its way back while the other
 * is forced. Waiting until as many new records arrived as the last group covered merges the cohorts
 * again, so one fsync covers every producer: with 32 producers on a disk of ~4,000 fsyncs/s this is
 * the difference between ~20 and ~32 records per fsync.
 *
 * <p>A wait lasts at most as long as the last fsync took (and never more than {@code
 * maxWaitNanos}). A group of one never waits: its single producer's next record is the one that
 * would end the wait, so a lone sender is served as soon as it asks. When the records do not come
 * back within the wait (remote producers whose round trip is longer than an fsync, or fewer
 * producers than before), waiting only adds latency: after a wait that ended with less than 7/8 of
 * the records it waited for, the next group is forced at once, and after every further one twice as
 * many groups (up to {@link #MAX_SKIP}) before it tries again. One wait that pays off ends the
 * back-off.
 */
final class CommitGathering {

  /** The most groups forced without waiting after waits that did not pay off. */
  static final int MAX_SKIP = 64;

  private final long maxWaitNanos;
  private long target;
  private long waitFrom;
  private long waitStart;
  private long deadline;
  private int skip;
  private int backoff;

  // Single writer (the flusher); volatile so that monitoring can read them from other threads.
  private volatile long forcedGroups;
  private volatile long fsyncNanosTotal;
  private volatile long waits;
  private volatile long fruitlessWaits;
  private volatile long waitedNanosTotal;

  /**
   * @param maxWaitNanos the longest wait, whatever an fsync takes; 0 never waits
   */
  CommitGathering(long maxWaitNanos) {
    if (maxWaitNanos < 0) {
      throw new IllegalArgumentException("maxWaitNanos must not be negative: " + maxWaitNanos);
    }
    this.maxWaitNanos = maxWaitNanos;
  }

  /**
   * A group commit just covered {@code groupRecords} records: decides whether to wait before the
   * next.
   *
   * @param arrived records requested so far, counted before the group is acknowledged (so that none
   *     of the acknowledged producers' next records is among them)
   * @param fsyncNanos how long one fsync of the group took
   */
  void forced(long arrived, int groupRecords, long fsyncNanos, long now) {
    forcedGroups++;
    fsyncNanosTotal += fsyncNanos;
    target = 0;
    long wait = Math.min(fsyncNanos, maxWaitNanos);
    if (groupRecords <= 1 || wait <= 0) {
      return;
    }
    if (skip > 0) {
      skip--;
      return;
    }
    target = arrived + groupRecords;
    waitFrom = arrived;
    waitStart = now;
    deadline = now + wait;
    waits++;
  }

  /** The count of requested records that ends the current wait; 0 when there is none. */
  long target() {
    return target;
  }

  /**
   * Nanoseconds still to wait, given {@code arrived} records requested so far; 0 means force now
   * (and ends the wait).
   */
  long remainingNanos(long arrived, long now) {
    if (target == 0) {
      return 0;
    }
    if (arrived >= target) {
      backoff = 0;
      endWait(now);
      return 0;
    }
    long left = deadline - now;
    if (left > 0) {
      return left;
    }
    // Nearly the whole group back still counts as worth the wait: one slow producer must not stop
    // gathering. Less means the producers take longer than an fsync to come back.
    if (8 * (arrived - waitFrom) < 7 * (target - waitFrom)) {
      fruitlessWaits++;
      backoff = Math.min(MAX_SKIP, Math.max(1, 2 * backoff));
      skip = backoff;
    }
    endWait(now);
    return 0;
  }

  private void endWait(long now) {
    waitedNanosTotal += now - waitStart;
    target = 0;
  }

  /** Groups forced so far. */
  long forcedGroups() {
    return forcedGroups;
  }

  /** Waits begun so far. */
  long waits() {
    return waits;
  }

  /** Waits that ended at their deadline with less than 7/8 of the records they waited for. */
  long fruitlessWaits() {
    return fruitlessWaits;
  }

  /** Mean time of a group's fsync, in nanoseconds. */
  long meanFsyncNanos() {
    long groups = forcedGroups;
    return groups == 0 ? 0 : fsyncNanosTotal / groups;
  }

  /** Mean time a wait lasted, in nanoseconds. */
  long meanWaitNanos() {
    long w = waits;
    return w == 0 ? 0 : waitedNanosTotal / w;
  }
}
