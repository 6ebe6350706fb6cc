package io.actormq.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts messages and errors and records latencies from many threads without locking them.
 *
 * <p>Recorders hand out interval histograms, so the progress line shows the last interval and the
 * measured total is the sum of intervals inside the measuring window; what happened during the
 * warm-up or after {@link #stop} is dropped. Latencies are kept in microseconds (3 significant
 * digits), which covers loopback round trips and multi-second stalls alike.
 */
final class Meter {

  private static final int MAX_ERROR_KINDS = 8;

  private final Recorder recorder = new Recorder(3);
  private final LongAdder messages = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();

  // Guarded by this: only the controlling and the reporting thread touch them.
  private final Histogram total = new Histogram(3);
  private Histogram recycled;
  private long totalMessages;
  private long totalErrors;
  private boolean measuring;
  private boolean stopped;
  private long startNanos;
  private long stopNanos;

  /** {@code count} messages done, one latency sample for them (a batch is one request). */
  void success(int count, long latencyNanos) {
    messages.add(count);
    recorder.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
  }

  /** {@code count} messages done; no latency to record (consume throughput). */
  void success(int count) {
    messages.add(count);
  }

  void error(Throwable cause) {
    error(describe(cause));
  }

  /** An error of the given kind (e.g. a send status other than SEND_OK). */
  void error(String kind) {
    errors.increment();
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
    Histogram h = recorder.getIntervalHistogram(recycled);
    long msgs = messages.sumThenReset();
    long errs = errors.sumThenReset();
    if (measuring) {
      total.add(h);
      totalMessages += msgs;
      totalErrors += errs;
    }
    Interval interval =
        new Interval(msgs, errs, h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99.0));
    recycled = h;
    return interval;
  }

  /** For the progress line: "warm-up" before the window, "" inside, "done" after. */
  synchronized String phase() {
    return measuring ? "" : stopped ? "done" : "warm-up";
  }

  synchronized long measuredNanos() {
    return (measuring ? System.nanoTime() : stopNanos) - startNanos;
  }

  synchronized long totalMessages() {
    return totalMessages + (measuring ? messages.sum() : 0);
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

  /** The exception class and message; never a stack trace, as errors are an expected outcome. */
  static String describe(Throwable cause) {
    Throwable t = cause;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? "" : t.getMessage();
    // The official client appends a FAQ link and a broker address to most messages.
    int faq = message.indexOf("\nSee ");
    if (faq >= 0) {
      message = message.substring(0, faq);
    }
    if (message.length() > 120) {
      message = message.substring(0, 120);
    }
    return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message.strip());
  }

  /** What one progress interval saw. */
  record Interval(long messages, long errors, long p99Micros) {}
}
