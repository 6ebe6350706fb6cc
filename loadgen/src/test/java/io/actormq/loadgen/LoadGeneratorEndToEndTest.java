package io.actormq.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.actormq.broker.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator against a real ActorMQ node in this JVM, on 127.0.0.1 and a free port. */
class LoadGeneratorEndToEndTest {

  @TempDir static Path home;
  private static Node node;

  @BeforeAll
  static void startNode() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("actormq.home", home.toString());
    settings.put("actormq.broker.host", "127.0.0.1");
    settings.put("actormq.broker.port", 0);
    settings.put("actormq.persistence.journal.dir", home.resolve("meta/journal").toString());
    settings.put(
        "actormq.persistence.snapshot-store.dir", home.resolve("meta/snapshots").toString());
    Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
    node = Node.start(config);
  }

  @AfterAll
  static void stopNode() {
    node.stop().toCompletableFuture().join();
  }

  /** Quick-run defaults, overridden by {@code extra} (name, value pairs). */
  private static String[] args(String... extra) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("--namesrv", node.advertisedAddress());
    options.put("--size", "256");
    options.put("--threads", "4");
    options.put("--warmup", "500ms");
    options.put("--duration", "2s");
    options.put("--report-interval", "1s");
    options.put("--broker", "actormq");
    // The broker runs in this JVM: its /proc entry is ours.
    options.put("--broker-pid", Long.toString(ProcessHandle.current().pid()));
    for (int i = 0; i + 1 < extra.length; i += 2) {
      options.put(extra[i], extra[i + 1]);
    }
    List<String> all = new ArrayList<>();
    options.forEach(
        (name, value) -> {
          all.add(name);
          all.add(value);
        });
    return all.toArray(String[]::new);
  }

  @Test
  void syncSendsAreCountedTimedAndReported() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        LoadGenMain.run(
            args("--mode", "sync", "--queues", "4", "--label", "e2e-test-sync"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    String stdout = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String resultLine =
        stdout.lines().filter(l -> l.startsWith(ResultLine.PREFIX)).findFirst().orElseThrow();
    Map<String, String> result = ResultLine.parse(resultLine);
    assertThat(result)
        .containsEntry("label", "e2e-test-sync")
        .containsEntry("mode", "sync")
        .containsEntry("queues", "4")
        .containsEntry("errors", "0");
    assertThat(Long.parseLong(result.get("msgs"))).isPositive();
    assertThat(Double.parseDouble(result.get("p99_ms"))).isPositive();
    assertThat(Double.parseDouble(result.get("broker_cpu_s"))).isPositive();
    assertThat(Double.parseDouble(result.get("broker_rss_anon_peak_mib"))).isPositive();
    assertThat(stdout).contains("== e2e-test-sync on actormq (async flush) ==");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("e2e-test-sync actormq:");
  }

  @Test
  void aBacklogIsFilledAndDrainedCompletely() throws Exception {
    Options options =
        OptionsParser.parse(
            args("--mode", "consume", "--backlog", "3000", "--batch", "16", "--duration", "60s"));

    List<RunSummary> summaries =
        new LoadGenerator(options, new PrintStream(new ByteArrayOutputStream())).run();

    assertThat(summaries).hasSize(1);
    RunSummary consume = summaries.get(0);
    assertThat(consume.messages()).isGreaterThanOrEqualTo(3000);
    assertThat(consume.errors()).isZero();
    assertThat(consume.latency()).isEqualTo(RunSummary.Latency.NONE);
  }

  // Slow: in 2 of 5 runs on a machine at load average ~18, the consumer of this in-process node
  // received nothing in the 2.5 s window although its queues were assigned and sends succeeded;
  // against a broker in its own process it received from the first second in every run tried.
  @Tag("slow")
  @Test
  void endToEndLatencyIsTakenAtAFixedRate() throws Exception {
    Options options = OptionsParser.parse(args("--mode", "e2e", "--rate", "200"));

    RunSummary e2e =
        new LoadGenerator(options, new PrintStream(new ByteArrayOutputStream())).run().get(0);

    // 2 s at 200 msgs/s; what arrives is about that, whatever the broker's latency.
    assertThat(e2e.messages()).isBetween(200L, 600L);
    assertThat(e2e.errors()).isZero();
    assertThat(e2e.latency().count()).isEqualTo(e2e.messages());
    assertThat(e2e.latency().p50Micros()).isPositive();
  }
}
