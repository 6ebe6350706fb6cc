package io.actormq.loadgen;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a run does to the broker. */
public enum Mode {
  /** Each thread sends one message and waits for the broker's acknowledgement. */
  SYNC,
  /** Asynchronous sends, at most {@code --inflight} unacknowledged at a time. */
  ASYNC,
  /** Fire and forget; the latency is the time the client call takes. */
  ONEWAY,
  /** Each thread sends {@code --batch} messages in one request and waits for the reply. */
  BATCH,
  /** Fills the topic with {@code --backlog} messages, then drains it with a push consumer. */
  CONSUME,
  /** Producer and consumer in one process; latency from send to receipt, paced by --rate. */
  E2E,
  /** Sync sends spread over each of {@code --queue-counts} topics, one run each. */
  MANY_QUEUES;

  /** The name on the command line and in the result line. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Mode fromCli(String name) {
    for (Mode mode : values()) {
      if (mode.cliName().equals(name)) {
        return mode;
      }
    }
    throw new UsageException(
        "unknown mode '"
            + name
            + "'; one of "
            + Arrays.stream(values()).map(Mode::cliName).collect(Collectors.joining(", ")));
  }
}
