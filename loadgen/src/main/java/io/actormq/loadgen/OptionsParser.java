package io.actormq.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@code --name value} pairs into {@link Options}; anything unknown or malformed is refused.
 */
public final class OptionsParser {

  static final String USAGE =
      """
      usage: loadgen --mode MODE [options]

        --mode M             sync | async | oneway | batch | consume | e2e | many-queues
        --namesrv H:P        name server (ActorMQ: any broker node)       [127.0.0.1:9876]
        --brokers N          masters to await in the cluster info first   [1]
        --topic T            topic; default a fresh one per run           [loadgen-<time>]
        --queues N           queues the topic is created with             [8]
        --size B             message body bytes                           [1024]
        --threads N          sending threads (sync, oneway, batch, fill)  [32]
        --batch N            messages per batch request (batch, fill)     [32]
        --inflight N         unacknowledged async sends (async, e2e)      [1024]
        --duration D         measured time, e.g. 20s, 500ms, 2m           [20s]
        --warmup D           time run first and not measured              [5s]
        --rate R             msgs/s for e2e and oneway; 0 = no limit      [0]
        --backlog N          messages filled before a consume run         [500000]
        --queue-counts A,B   queue counts a many-queues run compares      [16,1000]
        --consumer-threads N push consumer listener threads               [8]
        --pull-batch N       messages per pull of the push consumer       [32]
        --flush F            flush mode label for the result              [async]
        --broker NAME        broker label for the result                  [broker]
        --label L            workload label for the result                [the mode]
        --broker-pid PID     sample the broker's CPU and RssAnon in /proc [none]
        --clock-ticks N      USER_HZ of /proc/PID/stat (getconf CLK_TCK)  [100]
        --report-interval D  progress line interval                       [5s]

      Prints a progress line every interval (stderr), a table, and one line
      "RESULT key=value ..." per run (stdout).
      """;

  private static final Set<String> NAMES =
      Set.of(
          "mode",
          "namesrv",
          "brokers",
          "topic",
          "queues",
          "size",
          "threads",
          "batch",
          "inflight",
          "duration",
          "warmup",
          "rate",
          "backlog",
          "queue-counts",
          "consumer-threads",
          "pull-batch",
          "flush",
          "broker",
          "label",
          "broker-pid",
          "clock-ticks",
          "report-interval");

  private OptionsParser() {}

  /**
   * @throws UsageException for an unknown option, a missing value or a value out of range
   */
  public static Options parse(String... args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UsageException("--" + name + " needs a value");
      }
      if (!NAMES.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
      if (values.put(name, value) != null) {
        throw new UsageException("--" + name + " given twice");
      }
    }
    if (!values.containsKey("mode")) {
      throw new UsageException("--mode is required");
    }
    Mode mode = Mode.fromCli(values.get("mode"));
    return new Options(
        mode,
        values.getOrDefault("namesrv", "127.0.0.1:9876"),
        positiveInt(values, "brokers", 1),
        values.get("topic"),
        positiveInt(values, "queues", 8),
        positiveInt(values, "size", 1024),
        positiveInt(values, "threads", 32),
        positiveInt(values, "batch", 32),
        positiveInt(values, "inflight", 1024),
        duration(values, "duration", Duration.ofSeconds(20), false),
        duration(values, "warmup", Duration.ofSeconds(5), true),
        (int) number(values, "rate", 0, 0),
        number(values, "backlog", 500_000, 1),
        queueCounts(values.getOrDefault("queue-counts", "16,1000")),
        positiveInt(values, "consumer-threads", 8),
        positiveInt(values, "pull-batch", 32),
        values.getOrDefault("flush", "async"),
        values.getOrDefault("broker", "broker"),
        values.getOrDefault("label", mode.cliName()),
        number(values, "broker-pid", 0, 0),
        positiveInt(values, "clock-ticks", 100),
        duration(values, "report-interval", Duration.ofSeconds(5), false));
  }

  /** Parses 20s, 500ms, 2m, 1h or a plain number of seconds. */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
      }
      if (t.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    } catch (NumberFormatException e) {
      throw new UsageException("not a duration: '" + text + "' (e.g. 20s, 500ms, 2m)");
    }
  }

  private static Duration duration(
      Map<String, String> values, String name, Duration fallback, boolean zeroAllowed) {
    String text = values.get(name);
    if (text == null) {
      return fallback;
    }
    Duration d = parseDuration(text);
    if (d.isNegative() || (!zeroAllowed && d.isZero())) {
      throw new UsageException("--" + name + " must be " + (zeroAllowed ? "≥ 0" : "> 0"));
    }
    return d;
  }

  private static int positiveInt(Map<String, String> values, String name, int fallback) {
    long n = number(values, name, fallback, 1);
    if (n > Integer.MAX_VALUE) {
      throw new UsageException("--" + name + " is too large: " + n);
    }
    return (int) n;
  }

  private static long number(Map<String, String> values, String name, long fallback, long min) {
    String text = values.get(name);
    if (text == null) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(text.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " is not a number: '" + text + "'");
    }
    if (n < min) {
      throw new UsageException("--" + name + " must be ≥ " + min + ", was " + n);
    }
    return n;
  }

  private static List<Integer> queueCounts(String text) {
    List<Integer> counts = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        int n = Integer.parseInt(part.trim());
        if (n < 1) {
          throw new UsageException("--queue-counts must be positive: '" + text + "'");
        }
        counts.add(n);
      } catch (NumberFormatException e) {
        throw new UsageException("--queue-counts is not a list of numbers: '" + text + "'");
      }
    }
    return counts;
  }
}
