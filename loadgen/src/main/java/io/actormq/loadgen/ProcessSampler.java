package io.actormq.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU time and peak anonymous memory of one process on this machine, read from /proc.
 *
 * <p>CPU time is taken at the start and end of the measuring window; RssAnon is sampled by {@link
 * #sample} (called periodically by the run) and its peak kept.
 */
final class ProcessSampler {

  private final Path stat;
  private final Path status;
  private final int clockTicks;
  private final AtomicLong peakRssAnonKib = new AtomicLong(-1);
  private volatile long startTicks;
  private volatile long endTicks;

  ProcessSampler(long pid, int clockTicks) {
    this(Path.of("/proc", Long.toString(pid)), clockTicks);
  }

  ProcessSampler(Path procDir, int clockTicks) {
    this.stat = procDir.resolve("stat");
    this.status = procDir.resolve("status");
    this.clockTicks = clockTicks;
  }

  /** The process "self" as /proc shows it: the load generator's own JVM. */
  static ProcessSampler self(int clockTicks) {
    return new ProcessSampler(Path.of("/proc/self"), clockTicks);
  }

  /**
   * @throws UncheckedIOException when the process does not exist (checked up front, so a wrong
   *     --broker-pid fails the run before it starts rather than leaving the figures blank)
   */
  void start() {
    startTicks = ticks();
    sample();
  }

  void stop() {
    endTicks = ticks();
    sample();
  }

  void sample() {
    long kib = ProcFiles.rssAnonKib(read(status));
    peakRssAnonKib.accumulateAndGet(kib, Math::max);
  }

  double cpuSeconds() {
    return (endTicks - startTicks) / (double) clockTicks;
  }

  /** Peak RssAnon in MiB, or -1 when the kernel does not report it. */
  double peakRssAnonMib() {
    long kib = peakRssAnonKib.get();
    return kib < 0 ? -1 : kib / 1024.0;
  }

  private long ticks() {
    return ProcFiles.cpuTicks(read(stat));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
