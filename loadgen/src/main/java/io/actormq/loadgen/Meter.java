package io.actormq.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * Counts messages and errors and records latencies from many threads without locking them.
 *
 * <p>Writers record into the active {@link Bucket}; {@link #interval} swaps in a fresh one under a
 * {@link WriterReaderPhaser}, so a message's count and its latency always land in the same interval
 * (two separate cuts would split them under load). The progress line shows the last interval; the
 * measured total is the sum of the intervals inside the window, and what happened during the
 * warm-up or after {@link #stop} is dropped. Latencies are kept in microseconds (3 significant
 * digits), which covers loopback round trips and multi-second stalls alike.
 */
final class Meter {

  private static final int MAX_ERROR_KINDS = 8;
  private static final Pattern NUMBERS = Pattern.compile("\\d+");

  private final WriterReaderPhaser phaser = new WriterReaderPhaser();
  private volatile Bucket active = new Bucket();
  private Bucket inactive = new Bucket();
  private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();

  // Guarded by this: only the controlling and the reporting thread touch them.
  private final Histogram total = new Histogram(3);
  private long totalMessages;
  private long totalErrors;
  private boolean measuring;
  private boolean stopped;
  private long startNanos;
  private long stopNanos;

  /** {@code count} messages done, one latency sample for them (a batch is one request). */
  void success(int count, long latencyNanos) {
    long phase = phaser.writerCriticalSectionEnter();
    try {
      Bucket bucket = active;
      bucket.messages.add(count);
      bucket.latencies.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
    } finally {
      phaser.writerCriticalSectionExit(phase);
    }
  }

  /** {@code count} messages done; no latency to record (consume throughput). */
  void success(int count) {
    long phase = phaser.writerCriticalSectionEnter();
    try {
      active.messages.add(count);
    } finally {
      phaser.writerCriticalSectionExit(phase);
    }
  }

  /**
   * An error, grouped by its description with numbers masked: RocketMQ's "broker busy" names the
   * queue length and wait in its message, and each would otherwise count as a kind of its own.
   */
  void error(Throwable cause) {
    error(NUMBERS.matcher(describe(cause)).replaceAll("N"));
  }

  /** An error of the given kind (e.g. a send status other than SEND_OK). */
  void error(String kind) {
    long phase = phaser.writerCriticalSectionEnter();
    try {
      active.errors.increment();
    } finally {
      phaser.writerCriticalSectionExit(phase);
    }
    if (errorKinds.size() < MAX_ERROR_KINDS || errorKinds.containsKey(kind)) {
      errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }
  }

  /** Starts the measuring window; everything recorded before is dropped. */
  synchronized void start() {
    interval();
    total.reset();
    totalMessages = 0;
    totalErrors = 0;
    errorKinds.clear();
    measuring = true;
    startNanos = System.nanoTime();
  }

  /** Ends the measuring window; later completions (in-flight sends) are not counted. */
  synchronized void stop() {
    if (measuring) {
      interval();
      measuring = false;
      stopped = true;
      stopNanos = System.nanoTime();
    }
  }

  /**
   * Takes what happened since the previous call (adding it to the total while measuring) and
   * returns it for the progress line.
   */
  synchronized Interval interval() {
    Bucket done = swap();
    long msgs = done.messages.sum();
    long errs = done.errors.sum();
    if (measuring) {
      total.add(done.latencies);
      totalMessages += msgs;
      totalErrors += errs;
    }
    return new Interval(
        msgs,
        errs,
        done.latencies.getTotalCount() == 0 ? 0 : done.latencies.getValueAtPercentile(99.0));
  }

  /** Puts a fresh bucket in place and returns the previous one once no writer is inside it. */
  private Bucket swap() {
    phaser.readerLock();
    try {
      inactive.reset();
      Bucket done = active;
      active = inactive;
      inactive = done;
      phaser.flipPhase();
      return done;
    } finally {
      phaser.readerUnlock();
    }
  }

  /** For the progress line: "warm-up" before the window, "" inside, "done" after. */
  synchronized String phase() {
    return measuring ? "" : stopped ? "done" : "warm-up";
  }

  synchronized long measuredNanos() {
    return (measuring ? System.nanoTime() : stopNanos) - startNanos;
  }

  /** Messages of the intervals taken so far (plus the running one while measuring). */
  synchronized long totalMessages() {
    return totalMessages + (measuring ? active.messages.sum() : 0);
  }

  synchronized long totalErrors() {
    return totalErrors;
  }

  /** A copy of the measured latencies (microseconds). */
  synchronized Histogram latencies() {
    return total.copy();
  }

  Map<String, Long> errorKinds() {
    Map<String, Long> kinds = new TreeMap<>();
    errorKinds.forEach((k, v) -> kinds.put(k, v.sum()));
    return kinds;
  }

  /**
   * The exception's class and message, and its root cause's when there is one (the official client
   * wraps the broker's answer); never a stack trace, as errors are an expected outcome.
   */
  static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = oneLine(cause);
    return root == cause ? text : text + " <- " + oneLine(root);
  }

  private static String oneLine(Throwable t) {
    String message = t.getMessage() == null ? "" : t.getMessage();
    // The first line: the official client appends a line with a FAQ link to most messages.
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    message = message.strip();
    if (message.length() > 160) {
      message = message.substring(0, 160);
    }
    return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  /** What writers record into between two intervals. */
  private static final class Bucket {
    final ConcurrentHistogram latencies = new ConcurrentHistogram(3);
    final LongAdder messages = new LongAdder();
    final LongAdder errors = new LongAdder();

    void reset() {
      latencies.reset();
      messages.reset();
      errors.reset();
    }
  }

  /** What one progress interval saw. */
  record Interval(long messages, long errors, long p99Micros) {}
}
