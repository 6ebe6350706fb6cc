package io.actormq.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  private static RunSummary summary(RunSummary.Latency latency, double cpu, double rss) {
    return new RunSummary(
        "sync-1k-32t",
        "actormq",
        Mode.SYNC,
        "async",
        1024,
        32,
        8,
        32,
        0,
        20.0,
        420_000,
        3,
        latency,
        cpu,
        rss,
        4.5,
        Map.of("SendStatus FLUSH_DISK_TIMEOUT", 3L));
  }

  private static RunSummary.Latency oneToThousandMillis() {
    Histogram micros = new Histogram(3);
    for (int ms = 1; ms <= 1000; ms++) {
      micros.recordValue(ms * 1000L);
    }
    return RunSummary.Latency.of(micros);
  }

  @Test
  void percentilesComeFromTheHistogram() {
    RunSummary.Latency latency = oneToThousandMillis();

    assertThat(latency.count()).isEqualTo(1000);
    assertThat(latency.p50Micros()).isBetween(499_000L, 501_000L);
    assertThat(latency.p99Micros()).isBetween(989_000L, 991_000L);
    assertThat(latency.maxMicros()).isBetween(999_000L, 1_001_000L);
    assertThat(RunSummary.Latency.of(new Histogram(3))).isEqualTo(RunSummary.Latency.NONE);
  }

  @Test
  void theResultLineCarriesEveryFigureAsKeyValue() {
    RunSummary s = summary(oneToThousandMillis(), 12.6, 310.25);

    String line = s.resultLine();

    assertThat(line).startsWith("RESULT label=sync-1k-32t broker=actormq mode=sync flush=async ");
    Map<String, String> fields = ResultLine.parse(line);
    assertThat(fields)
        .containsEntry("msgs", "420000")
        .containsEntry("msgs_per_s", "21000.0")
        .containsEntry("mib_per_s", "20.51")
        .containsEntry("errors", "3")
        .containsEntry("broker_cpu_s", "12.60")
        .containsEntry("broker_cpu_s_per_m", "30.00")
        .containsEntry("broker_rss_anon_peak_mib", "310.3")
        .containsEntry("harness_cpu_s", "4.50");
    assertThat(fields.get("p50_ms")).startsWith("500.");
    assertThat(fields.keySet())
        .containsSubsequence("p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms");
  }

  @Test
  void absentFiguresPrintAsADash() {
    RunSummary s = summary(RunSummary.Latency.NONE, Double.NaN, -1);

    Map<String, String> fields = ResultLine.parse(s.resultLine());

    assertThat(fields)
        .containsEntry("p99_ms", "-")
        .containsEntry("broker_cpu_s", "-")
        .containsEntry("broker_cpu_s_per_m", "-")
        .containsEntry("broker_rss_anon_peak_mib", "-");
    assertThat(s.table()).contains("p50 -  p90 -  p99 -");
  }

  @Test
  void theTableIsForPeople() {
    String table = summary(oneToThousandMillis(), 12.6, 310.25).table();

    assertThat(table)
        .contains("== sync-1k-32t on actormq (async flush) ==")
        .contains("sync, 1024 B, 32 threads, 8 queues")
        .contains("21000 msgs/s")
        .contains("3 x SendStatus FLUSH_DISK_TIMEOUT")
        .contains("broker CPU/M msgs    30.00 s");
  }

  @Test
  void resultValuesNeverBreakTheLine() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("label", "two words");
    fields.put("x", "a=b");

    String line = ResultLine.format(fields);

    assertThat(line).isEqualTo("RESULT label=two_words x=a_b");
    assertThat(ResultLine.parse(line)).containsEntry("label", "two_words");
    assertThatThrownBy(() -> ResultLine.parse("RESULT novalue"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResultLine.parse("label=x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
