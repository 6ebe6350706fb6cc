package io.actormq.loadgen;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The figures of one run: throughput, latency percentiles, errors, and the broker's CPU time and
 * peak RssAnon when a pid was sampled. Absent figures are NaN and print as "-".
 *
 * @param latency percentiles in microseconds; {@link Latency#NONE} when the mode records none
 */
public record RunSummary(
    String label,
    String broker,
    Mode mode,
    String flush,
    int size,
    int threads,
    int queues,
    int batch,
    int rate,
    double seconds,
    long messages,
    long errors,
    Latency latency,
    double brokerCpuSeconds,
    double brokerRssAnonPeakMib,
    double harnessCpuSeconds,
    Map<String, Long> errorKinds) {

  public RunSummary {
    errorKinds = Map.copyOf(errorKinds);
  }

  public double messagesPerSecond() {
    return seconds > 0 ? messages / seconds : Double.NaN;
  }

  public double mibPerSecond() {
    return messagesPerSecond() * size / (1024.0 * 1024.0);
  }

  /** Broker CPU seconds spent per million messages handled in the window. */
  public double brokerCpuSecondsPerMillion() {
    return messages > 0 ? brokerCpuSeconds / messages * 1e6 : Double.NaN;
  }

  /** The fields of the result line, in a fixed order. */
  public Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("label", label);
    f.put("broker", broker);
    f.put("mode", mode.cliName());
    f.put("flush", flush);
    f.put("size", Integer.toString(size));
    f.put("threads", Integer.toString(threads));
    f.put("queues", Integer.toString(queues));
    f.put("batch", Integer.toString(batch));
    f.put("rate", Integer.toString(rate));
    f.put("seconds", fixed(seconds, 3));
    f.put("msgs", Long.toString(messages));
    f.put("msgs_per_s", fixed(messagesPerSecond(), 1));
    f.put("mib_per_s", fixed(mibPerSecond(), 2));
    f.put("p50_ms", millis(latency.p50Micros()));
    f.put("p90_ms", millis(latency.p90Micros()));
    f.put("p99_ms", millis(latency.p99Micros()));
    f.put("p999_ms", millis(latency.p999Micros()));
    f.put("max_ms", millis(latency.maxMicros()));
    f.put("errors", Long.toString(errors));
    f.put("broker_cpu_s", fixed(brokerCpuSeconds, 2));
    f.put("broker_cpu_s_per_m", fixed(brokerCpuSecondsPerMillion(), 2));
    f.put("broker_rss_anon_peak_mib", fixed(brokerRssAnonPeakMib, 1));
    f.put("harness_cpu_s", fixed(harnessCpuSeconds, 2));
    return f;
  }

  public String resultLine() {
    return ResultLine.format(fields());
  }

  /** The same figures for a person: one "name value" row each, then the error kinds. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%n== %s on %s (%s flush) ==%n", label, broker, flush));
    row(out, "workload", describeWorkload());
    row(out, "measured", fixed(seconds, 1) + " s");
    row(out, "messages", Long.toString(messages));
    row(out, "throughput", fixed(messagesPerSecond(), 0) + " msgs/s");
    row(out, "bandwidth", fixed(mibPerSecond(), 2) + " MiB/s");
    row(
        out,
        "latency ms",
        String.format(
            Locale.ROOT,
            "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s",
            millis(latency.p50Micros()),
            millis(latency.p90Micros()),
            millis(latency.p99Micros()),
            millis(latency.p999Micros()),
            millis(latency.maxMicros())));
    row(out, "errors", Long.toString(errors));
    errorKinds.forEach((kind, count) -> row(out, "", count + " x " + kind));
    row(out, "broker CPU", fixed(brokerCpuSeconds, 2) + " s");
    row(out, "broker CPU/M msgs", fixed(brokerCpuSecondsPerMillion(), 2) + " s");
    row(out, "broker RssAnon peak", fixed(brokerRssAnonPeakMib, 1) + " MiB");
    row(out, "harness CPU", fixed(harnessCpuSeconds, 2) + " s");
    return out.toString();
  }

  private String describeWorkload() {
    StringBuilder w =
        new StringBuilder(mode.cliName())
            .append(", ")
            .append(size)
            .append(" B, ")
            .append(threads)
            .append(" threads, ")
            .append(queues)
            .append(" queues");
    if (mode == Mode.BATCH) {
      w.append(", batch ").append(batch);
    }
    if (mode == Mode.E2E) {
      w.append(rate > 0 ? ", " + rate + " msgs/s" : ", max rate");
    }
    return w.toString();
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append(String.format(Locale.ROOT, "  %-20s %s%n", name, value));
  }

  static String fixed(double value, int decimals) {
    if (Double.isNaN(value) || value < 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String millis(long micros) {
    return micros < 0 ? "-" : fixed(micros / 1000.0, 3);
  }

  /** Latency percentiles in microseconds; -1 when nothing was recorded. */
  public record Latency(
      long count, long p50Micros, long p90Micros, long p99Micros, long p999Micros, long maxMicros) {

    public static final Latency NONE = new Latency(0, -1, -1, -1, -1, -1);

    static Latency of(Histogram micros) {
      if (micros.getTotalCount() == 0) {
        return NONE;
      }
      return new Latency(
          micros.getTotalCount(),
          micros.getValueAtPercentile(50),
          micros.getValueAtPercentile(90),
          micros.getValueAtPercentile(99),
          micros.getValueAtPercentile(99.9),
          micros.getMaxValue());
    }
  }
}
