package io.actormq.loadgen;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands out send times on a fixed schedule: the n-th message is due at start + n × period. The
 * schedule does not drift when a send is late; a late sender catches up, and the caller can stamp a
 * message with the time it was due. Rate 0 means no schedule (due = now). One thread per pacer.
 */
final class Pacer {

  private final long period;
  private long due;

  Pacer(double ratePerSecond) {
    this.period = ratePerSecond > 0 ? Math.round(TimeUnit.SECONDS.toNanos(1) / ratePerSecond) : 0;
    this.due = System.nanoTime();
  }

  /** Waits until the next message is due and returns its due time ({@link System#nanoTime}). */
  long awaitNext() {
    if (period == 0) {
      return System.nanoTime();
    }
    due += period;
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
    return due;
  }
}
