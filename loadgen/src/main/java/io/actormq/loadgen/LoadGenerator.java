package io.actormq.loadgen;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs workloads and summarises them: prepares, warms up, measures for the window, samples the
 * broker's /proc figures, prints a progress line every interval, and returns one summary per run
 * (one per queue count in many-queues mode).
 */
public final class LoadGenerator {

  private static final long RSS_SAMPLE_MILLIS = 250;
  private static final long CLOSE_MILLIS = 60_000;

  private final Options options;
  private final PrintStream progress;

  /**
   * @param progress where progress lines go (the CLI uses stderr, keeping stdout for results)
   */
  public LoadGenerator(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  public List<RunSummary> run() throws Exception {
    List<RunSummary> summaries = new ArrayList<>();
    if (options.mode() == Mode.MANY_QUEUES) {
      for (int queues : options.queueCounts()) {
        summaries.add(runOne(options.withQueues(queues, options.label() + "-" + queues)));
      }
    } else {
      summaries.add(runOne(options));
    }
    return summaries;
  }

  private RunSummary runOne(Options run) throws Exception {
    String topic = run.topic() != null ? run.topic() : freshTopic(run.label());
    Meter meter = new Meter();
    ProcessSampler broker =
        run.brokerPid() > 0 ? new ProcessSampler(run.brokerPid(), run.clockTicks()) : null;
    ProcessSampler harness = ProcessSampler.self(run.clockTicks());
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "loadgen-ticker");
              t.setDaemon(true);
              return t;
            });
    long began = System.nanoTime();
    Workload workload = workload(run, topic, meter);
    try {
      workload.prepare();
      if (broker != null) {
        broker.sample();
        ticker.scheduleAtFixedRate(
            broker::sample, RSS_SAMPLE_MILLIS, RSS_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
      }
      long interval = run.reportInterval().toMillis();
      ticker.scheduleAtFixedRate(
          () -> printProgress(run, meter, began), interval, interval, TimeUnit.MILLISECONDS);
      if (workload.measuresFromStart()) {
        openWindow(meter, broker, harness);
        workload.start();
      } else {
        workload.start();
        TimeUnit.NANOSECONDS.sleep(run.warmup().toNanos());
        openWindow(meter, broker, harness);
      }
      boolean finished = workload.awaitDone(run.duration().toNanos());
      meter.stop();
      harness.stop();
      if (broker != null) {
        broker.stop();
      }
      if (workload.measuresFromStart() && !finished) {
        progress.printf(
            "[%s] not finished within --duration %s; figures cover what was done%n",
            run.label(), run.duration());
      }
      return new RunSummary(
          run.label(),
          run.broker(),
          run.mode(),
          run.flush(),
          run.size(),
          workload.threads(),
          run.queues(),
          run.batch(),
          run.rate(),
          meter.measuredNanos() / 1e9,
          meter.totalMessages(),
          meter.totalErrors(),
          RunSummary.Latency.of(meter.latencies()),
          broker == null ? Double.NaN : broker.cpuSeconds(),
          broker == null ? Double.NaN : broker.peakRssAnonMib(),
          harness.cpuSeconds(),
          meter.errorKinds());
    } finally {
      closeWithin(workload, run.label());
      ticker.shutdownNow();
    }
  }

  // The official client's shutdown talks to the broker (unregister) and waits on connects; a
  // broker that stopped answering must not keep the figures from being printed.
  private void closeWithin(Workload workload, String label) throws InterruptedException {
    Thread closer = new Thread(workload::close, "loadgen-close");
    closer.setDaemon(true);
    closer.start();
    closer.join(CLOSE_MILLIS);
    if (closer.isAlive()) {
      progress.printf(
          "[%s] the clients did not shut down within %d s; leaving them%n",
          label, CLOSE_MILLIS / 1000);
    }
  }

  private static void openWindow(Meter meter, ProcessSampler broker, ProcessSampler harness) {
    if (broker != null) {
      broker.start();
    }
    harness.start();
    meter.start();
  }

  private Workload workload(Options run, String topic, Meter meter) {
    return switch (run.mode()) {
      case SYNC, ONEWAY, BATCH, MANY_QUEUES -> new SendWorkload(run, topic, meter);
      case ASYNC -> new AsyncSendWorkload(run, topic, meter);
      case CONSUME -> new ConsumeWorkload(run, topic, meter, progress);
      case E2E -> new EndToEndWorkload(run, topic, meter);
    };
  }

  private void printProgress(Options run, Meter meter, long began) {
    String phase = meter.phase();
    Meter.Interval last = meter.interval();
    double seconds = run.reportInterval().toNanos() / 1e9;
    progress.printf(
        Locale.ROOT,
        "[%6.1fs] %s %s: %,.0f msgs/s  p99 %s ms  errors %d%s%n",
        (System.nanoTime() - began) / 1e9,
        run.label(),
        run.broker(),
        last.messages() / seconds,
        last.p99Micros() > 0 ? RunSummary.fixed(last.p99Micros() / 1000.0, 3) : "-",
        last.errors(),
        phase.isEmpty() ? "" : "  (" + phase + ")");
  }

  /** A topic no earlier run has used, so a consume run finds exactly its own backlog. */
  static String freshTopic(String label) {
    String safe = label.replaceAll("[^A-Za-z0-9_-]", "_");
    return "loadgen-" + safe + "-" + Long.toString(System.currentTimeMillis(), 36);
  }
}
