package io.actormq.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The yardstick's table: the RESULT lines of two brokers side by side, paired by label, with the
 * ratio first / second for every figure (the "ratio" column).
 *
 * <p>{@code Compare FIRST.txt SECOND.txt [--within LABEL_A/LABEL_B]...}: each file holds the output
 * of load generator runs (lines other than RESULT lines are ignored). {@code --within} adds, for
 * each broker, the throughput of run A divided by that of run B (e.g. 1,000 queues over 16 queues).
 */
public final class Compare {

  /** The figures compared, with the names the table shows. */
  static final Map<String, String> FIGURES = figures();

  private Compare() {}

  private static Map<String, String> figures() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("msgs_per_s", "msgs/s");
    f.put("mib_per_s", "MiB/s");
    f.put("p50_ms", "p50 ms");
    f.put("p90_ms", "p90 ms");
    f.put("p99_ms", "p99 ms");
    f.put("p999_ms", "p99.9 ms");
    f.put("max_ms", "max ms");
    f.put("errors", "errors");
    f.put("broker_cpu_s", "broker CPU s");
    f.put("broker_cpu_s_per_m", "broker CPU s/M msgs");
    f.put("broker_rss_anon_peak_mib", "broker RssAnon MiB");
    f.put("harness_cpu_s", "harness CPU s");
    return f;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: Compare FIRST.txt SECOND.txt [--within LABEL_A/LABEL_B]...");
      System.exit(2);
    }
    List<String> within = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("--within") && i + 1 < args.length) {
        within.add(args[++i]);
      } else {
        System.err.println("Compare: unexpected argument " + args[i]);
        System.exit(2);
      }
    }
    print(read(Path.of(args[0])), read(Path.of(args[1])), within, System.out);
  }

  /** The result lines of a file by label (a later line with the same label wins). */
  static Map<String, Map<String, String>> read(Path file) throws IOException {
    return results(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static Map<String, Map<String, String>> results(List<String> lines) {
    Map<String, Map<String, String>> byLabel = new LinkedHashMap<>();
    for (String line : lines) {
      int at = line.indexOf(ResultLine.PREFIX);
      if (at >= 0) {
        Map<String, String> fields = ResultLine.parse(line.substring(at));
        byLabel.put(fields.getOrDefault("label", "?"), fields);
      }
    }
    return byLabel;
  }

  static void print(
      Map<String, Map<String, String>> first,
      Map<String, Map<String, String>> second,
      List<String> within,
      PrintStream out) {
    String a = brokerName(first, "first");
    String b = brokerName(second, "second");
    String format = "%-24s %-20s %12s %12s %10s%n";
    out.printf(Locale.ROOT, format, "workload", "figure", a, b, "ratio");
    out.printf(
        Locale.ROOT,
        format,
        "-".repeat(22),
        "-".repeat(20),
        "-".repeat(12),
        "-".repeat(12),
        "-".repeat(8));
    List<String> labels = new ArrayList<>(first.keySet());
    second.keySet().stream().filter(l -> !first.containsKey(l)).forEach(labels::add);
    for (String label : labels) {
      Map<String, String> x = first.getOrDefault(label, Map.of());
      Map<String, String> y = second.getOrDefault(label, Map.of());
      String shown = label;
      for (Map.Entry<String, String> figure : FIGURES.entrySet()) {
        double vx = value(x, figure.getKey());
        double vy = value(y, figure.getKey());
        if (Double.isNaN(vx) && Double.isNaN(vy)) {
          continue;
        }
        out.printf(
            Locale.ROOT,
            format,
            shown,
            figure.getValue(),
            show(x, figure.getKey()),
            show(y, figure.getKey()),
            ratio(vx, vy));
        shown = "";
      }
    }
    for (String pair : within) {
      String[] parts = pair.split("/", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("--within needs LABEL_A/LABEL_B, was " + pair);
      }
      String ratioFirst =
          ratio(value(first.get(parts[0]), "msgs_per_s"), value(first.get(parts[1]), "msgs_per_s"));
      String ratioSecond =
          ratio(
              value(second.get(parts[0]), "msgs_per_s"), value(second.get(parts[1]), "msgs_per_s"));
      if (ratioFirst.equals("-") && ratioSecond.equals("-")) {
        continue;
      }
      out.printf(
          Locale.ROOT, format, parts[0], "msgs/s ÷ " + parts[1], ratioFirst, ratioSecond, "");
    }
  }

  private static String brokerName(Map<String, Map<String, String>> results, String fallback) {
    return results.values().stream()
        .map(f -> f.get("broker"))
        .filter(n -> n != null)
        .findFirst()
        .orElse(fallback);
  }

  static double value(Map<String, String> fields, String key) {
    if (fields == null) {
      return Double.NaN;
    }
    String text = fields.get(key);
    if (text == null || text.equals("-")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String show(Map<String, String> fields, String key) {
    return fields.getOrDefault(key, "-");
  }

  static String ratio(double x, double y) {
    if (Double.isNaN(x) || Double.isNaN(y) || y == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f", x / y);
  }
}
