package io.actormq.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.remoting.exception.RemotingTimeoutException;
import org.junit.jupiter.api.Test;

class MeterTest {

  @Test
  void onlyWhatHappensInsideTheWindowCounts() {
    Meter meter = new Meter();
    meter.success(1000, TimeUnit.SECONDS.toNanos(9)); // warm-up: dropped
    meter.error("SendStatus FLUSH_DISK_TIMEOUT");
    assertThat(meter.phase()).isEqualTo("warm-up");

    meter.start();
    meter.success(1, TimeUnit.MILLISECONDS.toNanos(2));
    assertThat(meter.interval().messages()).isEqualTo(1); // a progress tick in between
    meter.success(32, TimeUnit.MILLISECONDS.toNanos(4));
    meter.success(5);
    meter.error(new IllegalStateException("boom"));
    assertThat(meter.phase()).isEmpty();
    meter.stop();
    meter.success(7, TimeUnit.SECONDS.toNanos(9)); // after the window: dropped

    assertThat(meter.phase()).isEqualTo("done");
    assertThat(meter.totalMessages()).isEqualTo(38);
    assertThat(meter.totalErrors()).isEqualTo(1);
    assertThat(meter.errorKinds()).containsOnlyKeys("IllegalStateException: boom");
    assertThat(meter.latencies().getTotalCount()).isEqualTo(2);
    assertThat(meter.latencies().getMaxValue()).isBetween(3_990L, 4_010L);
    assertThat(meter.measuredNanos()).isPositive();
  }

  @Test
  void countsAndLatenciesAgreeWhileIntervalsAreTakenConcurrently() throws InterruptedException {
    Meter meter = new Meter();
    meter.start();
    Thread[] writers = new Thread[4];
    for (int t = 0; t < writers.length; t++) {
      writers[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 50_000; i++) {
                  meter.success(1, 1_000 + i);
                }
              });
      writers[t].start();
    }
    long seen = 0;
    while (anyAlive(writers)) {
      seen += meter.interval().messages();
    }
    for (Thread writer : writers) {
      writer.join();
    }
    meter.stop();

    assertThat(meter.totalMessages()).isEqualTo(200_000);
    assertThat(meter.latencies().getTotalCount()).isEqualTo(200_000);
    assertThat(seen).isLessThanOrEqualTo(200_000);
  }

  private static boolean anyAlive(Thread[] threads) {
    for (Thread t : threads) {
      if (t.isAlive()) {
        return true;
      }
    }
    return false;
  }

  @Test
  void errorsDifferingOnlyInNumbersAreOneKind() {
    Meter meter = new Meter();
    meter.start();
    meter.error(
        new IllegalStateException("broker busy, period in queue: 208ms, size of queue: 1015"));
    meter.error(
        new IllegalStateException("broker busy, period in queue: 280ms, size of queue: 196"));
    meter.stop();

    assertThat(meter.errorKinds())
        .containsExactly(
            Map.entry(
                "IllegalStateException: broker busy, period in queue: Nms, size of queue: N", 2L));
  }

  @Test
  void errorKindsAreCappedSoAFloodOfDistinctMessagesStaysSmall() {
    Meter meter = new Meter();
    meter.start();
    for (int i = 0; i < 100; i++) {
      meter.error("kind " + i);
    }
    meter.error("kind 0");
    meter.stop();

    assertThat(meter.totalErrors()).isEqualTo(101);
    assertThat(meter.errorKinds()).hasSize(8).containsEntry("kind 0", 2L);
  }

  @Test
  void anErrorIsDescribedByClassMessageAndRootCauseWithoutTheClientsFaqLink() {
    MQClientException noRoute =
        new MQClientException(
            "No route info of this topic: T\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ"
                + " for further details.",
            null);
    assertThat(Meter.describe(noRoute))
        .isEqualTo("MQClientException: No route info of this topic: T");

    MQClientException wrapped =
        new MQClientException(
            "Send [1] times, still failed", new MQBrokerException(2, "[TIMEOUT_CLEAN_QUEUE]busy"));
    assertThat(Meter.describe(wrapped))
        .startsWith("MQClientException: Send [1] times, still failed <- MQBrokerException: ")
        .contains("[TIMEOUT_CLEAN_QUEUE]busy");

    RuntimeException timeout =
        new RuntimeException(new RemotingTimeoutException("wait response timeout 3000(ms)"));
    assertThat(Meter.describe(timeout))
        .endsWith("<- RemotingTimeoutException: wait response timeout 3000(ms)");
    assertThat(Meter.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
  }
}
