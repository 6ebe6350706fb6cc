package io.actormq.multijvm;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Waits for a state another process reaches (a cluster formed, a route changed) by asking again
 * every {@link #INTERVAL} until a deadline: over the wire there is nothing to subscribe to.
 */
final class Poll {

  static final Duration INTERVAL = Duration.ofMillis(200);

  /** Reads the state once; an IOException counts as "not there yet". */
  @FunctionalInterface
  interface Read<T> {
    T read() throws IOException;
  }

  private Poll() {}

  /**
   * The first state read that satisfies {@code done}.
   *
   * @throws AssertionError naming {@code what} and the last state (or failure) seen, if none did
   *     within {@code timeout}
   */
  static <T> T until(String what, Duration timeout, Read<T> read, Predicate<T> done)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    Object last = "nothing read";
    while (true) {
      try {
        T state = read.read();
        if (done.test(state)) {
          return state;
        }
        last = state;
      } catch (IOException e) {
        last = e;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + " not within " + timeout + "; last seen: " + last);
      }
      Thread.sleep(INTERVAL.toMillis());
    }
  }
}
