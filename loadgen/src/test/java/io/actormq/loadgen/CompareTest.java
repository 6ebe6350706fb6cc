package io.actormq.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareTest {

  private static final List<String> ACTORMQ =
      List.of(
          "[  5.0s] sync actormq: 30,000 msgs/s  p99 3.000 ms  errors 0",
          "RESULT label=sync broker=actormq msgs_per_s=30000.0 p99_ms=3.000 errors=0"
              + " broker_rss_anon_peak_mib=200.0",
          "RESULT label=consume broker=actormq msgs_per_s=150000.0 p99_ms=- errors=0",
          "RESULT label=mq-16 broker=actormq msgs_per_s=20000.0",
          "RESULT label=mq-1000 broker=actormq msgs_per_s=18000.0");

  private static final List<String> ROCKETMQ =
      List.of(
          "RESULT label=sync broker=rocketmq msgs_per_s=20000.0 p99_ms=5.000 errors=0"
              + " broker_rss_anon_peak_mib=400.0",
          "RESULT label=consume broker=rocketmq msgs_per_s=100000.0 p99_ms=- errors=0",
          "RESULT label=mq-16 broker=rocketmq msgs_per_s=21000.0",
          "RESULT label=mq-1000 broker=rocketmq msgs_per_s=14700.0",
          "RESULT label=only-here broker=rocketmq msgs_per_s=1.0");

  private static String print(List<String> within) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Compare.print(
        Compare.results(ACTORMQ),
        Compare.results(ROCKETMQ),
        within,
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void resultLinesArePairedByLabelAndOtherLinesIgnored() {
    Map<String, Map<String, String>> results = Compare.results(ACTORMQ);

    assertThat(results).containsOnlyKeys("sync", "consume", "mq-16", "mq-1000");
    assertThat(results.get("sync")).containsEntry("p99_ms", "3.000");
  }

  @Test
  void everyFigureShowsBothBrokersAndTheRatio() {
    String table = print(List.of());

    assertThat(table.lines().findFirst().orElseThrow())
        .contains("workload", "figure", "actormq", "rocketmq", "ratio");
    assertThat(table)
        .containsPattern("sync +msgs/s +30000\\.0 +20000\\.0 +1\\.50")
        .containsPattern("p99 ms +3\\.000 +5\\.000 +0\\.60")
        .containsPattern("broker RssAnon MiB +200\\.0 +400\\.0 +0\\.50")
        .containsPattern("errors +0 +0 +-")
        .containsPattern("only-here +msgs/s +- +1\\.0 +-");
    // No latency rows for a run without latencies on either side.
    assertThat(table.lines().filter(l -> l.contains("p99 ms")).count()).isEqualTo(1);
  }

  @Test
  void withinComparesTwoRunsOfTheSameBroker() {
    String table = print(List.of("mq-1000/mq-16", "absent/mq-16"));

    assertThat(table).containsPattern("mq-1000 +msgs/s ÷ mq-16 +0\\.90 +0\\.70");
    assertThat(table).doesNotContain("absent");
  }

  @Test
  void ratiosOfMissingOrZeroValuesAreADash() {
    assertThat(Compare.ratio(1, 0)).isEqualTo("-");
    assertThat(Compare.ratio(Double.NaN, 2)).isEqualTo("-");
    assertThat(Compare.ratio(3, 2)).isEqualTo("1.50");
    assertThat(Compare.value(Map.of("x", "-"), "x")).isNaN();
    assertThat(Compare.value(null, "x")).isNaN();
  }
}
