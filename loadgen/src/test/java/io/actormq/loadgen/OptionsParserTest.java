package io.actormq.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsParserTest {

  @Test
  void defaultsFillEverythingButTheMode() {
    Options o = OptionsParser.parse("--mode", "sync");

    assertThat(o.mode()).isEqualTo(Mode.SYNC);
    assertThat(o.namesrv()).isEqualTo("127.0.0.1:9876");
    assertThat(o.brokers()).isEqualTo(1);
    assertThat(o.topic()).isNull();
    assertThat(o.queues()).isEqualTo(8);
    assertThat(o.size()).isEqualTo(1024);
    assertThat(o.threads()).isEqualTo(32);
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.rate()).isZero();
    assertThat(o.queueCounts()).containsExactly(16, 1000);
    assertThat(o.label()).isEqualTo("sync");
    assertThat(o.brokerPid()).isZero();
    assertThat(o.clockTicks()).isEqualTo(100);
  }

  @Test
  void everyOptionIsRead() {
    Options o =
        OptionsParser.parse(
            "--mode",
            "many-queues",
            "--namesrv",
            "10.0.0.1:10911",
            "--brokers",
            "3",
            "--topic",
            "T",
            "--queues",
            "1000",
            "--size",
            "4096",
            "--threads",
            "8",
            "--batch",
            "16",
            "--inflight",
            "64",
            "--duration",
            "2m",
            "--warmup",
            "0",
            "--rate",
            "5_000",
            "--backlog",
            "3000000",
            "--queue-counts",
            "16, 100,1000",
            "--consumer-threads",
            "4",
            "--pull-batch",
            "64",
            "--flush",
            "sync",
            "--broker",
            "rocketmq",
            "--label",
            "mq",
            "--broker-pid",
            "4242",
            "--clock-ticks",
            "250",
            "--report-interval",
            "1500ms");

    assertThat(o.mode()).isEqualTo(Mode.MANY_QUEUES);
    assertThat(o.namesrv()).isEqualTo("10.0.0.1:10911");
    assertThat(o.brokers()).isEqualTo(3);
    assertThat(o.topic()).isEqualTo("T");
    assertThat(o.queues()).isEqualTo(1000);
    assertThat(o.size()).isEqualTo(4096);
    assertThat(o.threads()).isEqualTo(8);
    assertThat(o.batch()).isEqualTo(16);
    assertThat(o.inflight()).isEqualTo(64);
    assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.warmup()).isZero();
    assertThat(o.rate()).isEqualTo(5000);
    assertThat(o.backlog()).isEqualTo(3_000_000);
    assertThat(o.queueCounts()).containsExactly(16, 100, 1000);
    assertThat(o.consumerThreads()).isEqualTo(4);
    assertThat(o.pullBatch()).isEqualTo(64);
    assertThat(o.flush()).isEqualTo("sync");
    assertThat(o.broker()).isEqualTo("rocketmq");
    assertThat(o.label()).isEqualTo("mq");
    assertThat(o.brokerPid()).isEqualTo(4242);
    assertThat(o.clockTicks()).isEqualTo(250);
    assertThat(o.reportInterval()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void nameEqualsValueFormWorks() {
    Options o = OptionsParser.parse("--mode=e2e", "--rate=5000");

    assertThat(o.mode()).isEqualTo(Mode.E2E);
    assertThat(o.rate()).isEqualTo(5000);
  }

  @Test
  void durationsTakeUnitsAndPlainSeconds() {
    assertThat(OptionsParser.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(OptionsParser.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(OptionsParser.parseDuration("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(OptionsParser.parseDuration("3m")).isEqualTo(Duration.ofMinutes(3));
    assertThat(OptionsParser.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void badCommandLinesAreRefusedWithAReason() {
    assertThatThrownBy(() -> OptionsParser.parse("--threads", "4"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--mode is required");
    assertThatThrownBy(() -> OptionsParser.parse("--mode", "fast"))
        .hasMessageContaining("unknown mode 'fast'")
        .hasMessageContaining("many-queues");
    assertThatThrownBy(() -> OptionsParser.parse("--mode", "sync", "--speed", "9"))
        .hasMessageContaining("unknown option --speed");
    assertThatThrownBy(() -> OptionsParser.parse("--mode", "sync", "--threads"))
        .hasMessageContaining("--threads needs a value");
    assertThatThrownBy(() -> OptionsParser.parse("--mode", "sync", "--threads", "many"))
        .hasMessageContaining("--threads is not a number");
    assertThatThrownBy(() -> OptionsParser.parse("--mode", "sync", "--threads", "0"))
        .hasMessageContaining("--threads must be ≥ 1");
    assertThatThrownBy(() -> OptionsParser.parse("--mode", "sync", "--duration", "soon"))
        .hasMessageContaining("not a duration: 'soon'");
    assertThatThrownBy(() -> OptionsParser.parse("--mode", "sync", "--duration", "0s"))
        .hasMessageContaining("--duration must be > 0");
    assertThatThrownBy(() -> OptionsParser.parse("--mode", "sync", "--size", "1", "--size", "2"))
        .hasMessageContaining("--size given twice");
    assertThatThrownBy(() -> OptionsParser.parse("--mode", "sync", "extra"))
        .hasMessageContaining("unexpected argument 'extra'");
    assertThatThrownBy(() -> OptionsParser.parse("--mode", "sync", "--queue-counts", "16,x"))
        .hasMessageContaining("--queue-counts is not a list of numbers");
  }

  @Test
  void theCommandLineAnswersABadArgumentWithStatus2AndTheUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        LoadGenMain.run(
            new String[] {"--mode", "sync", "--size", "-1"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("loadgen: --size must be ≥ 1, was -1")
        .contains("usage: loadgen --mode MODE");
  }
}
