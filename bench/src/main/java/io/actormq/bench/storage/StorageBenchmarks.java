package io.actormq.bench.storage;

import io.actormq.persistence.log.FlushPolicy;
import io.actormq.persistence.log.FlushService;
import io.actormq.persistence.log.LogConfig;
import io.actormq.persistence.log.QueueLog;
import io.actormq.persistence.log.ReadResult;
import io.actormq.persistence.message.MessageRecordFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The storage engine against the disk it runs on. All figures are operations per second: records
 * for the appends and reads, MiB for {@code rawSequentialWrite} (the physical limit: 1 MiB
 * FileChannel writes, one fsync per 256 MiB). A 1 KiB record append rate × 1 KiB compares with it.
 *
 * <p>Files go under {@code -Dbench.dir} (default: a temp folder on the working disk) and are
 * deleted at the end. Run: {@code java -jar bench/target/benchmarks.jar StorageBenchmarks}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx2g", "-XX:+UseParallelGC"})
public class StorageBenchmarks {

  static final int RECORD_BYTES = 1024;
  static final int RAW_CHUNKS = 256;

  static Path benchDir(String name) throws IOException {
    Path parent = Path.of(System.getProperty("bench.dir", System.getProperty("user.dir")));
    return Files.createTempDirectory(parent, "actormq-bench-" + name + "-");
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** One log with its writer; the flush policy is the parameter. */
  @State(Scope.Benchmark)
  public static class LogState {
    @Param({"ASYNC", "SYNC"})
    public FlushPolicy policy;

    /** {@link LogConfig#zeroAheadBytes()} in KiB (SYNC only); 0 measures the sparse-file path. */
    @Param({"2048"})
    public int zeroAheadKiB;

    /** The flusher's longest wait for a group's producers to come back (0: forces at once). */
    @Param({"1000"})
    public int maxGatherWaitMicros;

    Path dir;
    FlushService flusher;
    QueueLog log;
    Writer writer;
    final ByteBuffer record = BenchRecords.record(RECORD_BYTES);
    final List<ByteBuffer> batch32 = Collections.nCopies(32, record);

    @Setup(Level.Trial)
    public void open() throws IOException {
      dir = benchDir("append");
      flusher =
          FlushService.start(
              "bench-flusher",
              Duration.ofMillis(500),
              Duration.ofNanos(maxGatherWaitMicros * 1000L));
      LogConfig config =
          LogConfig.defaults()
              .withSegmentBytes(256 << 20)
              .withFlushPolicy(policy)
              .withZeroAhead(zeroAheadKiB << 10);
      log = QueueLog.open(dir, config, new MessageRecordFormat(0), flusher);
      writer = new Writer(log, 256);
    }

    private long fsyncsBefore;
    private long offsetBefore;
    private long cpuBefore;

    @Setup(Level.Iteration)
    public void mark() {
      fsyncsBefore = flusher.groupCommits();
      offsetBefore = log.nextOffset();
      cpuBefore = processCpuNanos();
    }

    /**
     * Reports the CPU time of this JVM per record (all threads: producers, writer, flusher; other
     * builds on the machine do not inflate it the way they do wall-clock figures) and how many
     * records each group-commit fsync covered, then keeps the disk from filling up: the engine's
     * own retention path.
     */
    @TearDown(Level.Iteration)
    public void trim() throws IOException {
      long records = log.nextOffset() - offsetBefore;
      long fsyncs = flusher.groupCommits() - fsyncsBefore;
      if (records > 0) {
        System.out.printf(
            "  [%d records, %.2f us CPU per record, %d group-commit fsyncs, %.1f records per"
                + " fsync; gathering so far: %s]%n",
            records,
            (processCpuNanos() - cpuBefore) / 1e3 / records,
            fsyncs,
            fsyncs == 0 ? 0.0 : (double) records / fsyncs,
            flusher.gatheringStats());
      }
      log.deleteOldestSegments(Integer.MAX_VALUE);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      writer.close();
      log.close();
      flusher.close();
      deleteTree(dir);
    }
  }

  /** A single producer appending one record at a time on the writer's thread (no hand-off). */
  @Benchmark
  @Threads(1)
  public long appendDirect(LogState s) throws Exception {
    return s.log.append(s.record.duplicate()).firstOffset();
  }

  /** A batch send (or a mailbox drained at once): 32 records per append, on the writer's thread. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(32)
  public long appendBatchOf32(LogState s) throws Exception {
    return s.log.append(s.batch32).firstOffset();
  }

  /** Producers hand records to the single writer and wait until each is durable. */
  @Benchmark
  @Threads(1)
  public long appendFrom1Producer(LogState s) {
    return s.writer.submit(s.record.duplicate()).join();
  }

  @Benchmark
  @Threads(8)
  public long appendFrom8Producers(LogState s) {
    return s.writer.submit(s.record.duplicate()).join();
  }

  @Benchmark
  @Threads(32)
  public long appendFrom32Producers(LogState s) {
    return s.writer.submit(s.record.duplicate()).join();
  }

  /** 8 producers with one append in flight each, waiting by callback instead of by thread. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(CallbackProducers.RECORDS_PER_ROUND)
  public long appendFrom8CallbackProducers(LogState s) throws InterruptedException {
    return CallbackProducers.round(s.writer, s.record, 8);
  }

  /** 32 producers with one append in flight each, waiting by callback instead of by thread. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(CallbackProducers.RECORDS_PER_ROUND)
  public long appendFrom32CallbackProducers(LogState s) throws InterruptedException {
    return CallbackProducers.round(s.writer, s.record, 32);
  }

  /** A pre-filled log read 32 records at a time, as a pull does. */
  @State(Scope.Benchmark)
  public static class FilledLog {
    static final int RECORDS = 1_000_000;
    Path dir;
    FlushService flusher;
    QueueLog log;
    long next;

    @Setup(Level.Trial)
    public void fill() throws IOException {
      dir = benchDir("read");
      flusher = FlushService.start("bench-flusher", Duration.ofMillis(500));
      log =
          QueueLog.open(
              dir,
              LogConfig.defaults().withSegmentBytes(256 << 20),
              new MessageRecordFormat(0),
              flusher);
      ByteBuffer record = BenchRecords.record(RECORD_BYTES);
      List<ByteBuffer> batch = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        batch.add(record.duplicate());
      }
      while (log.nextOffset() < RECORDS) {
        log.append(batch);
      }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      log.close();
      flusher.close();
      deleteTree(dir);
    }
  }

  @Benchmark
  @OperationsPerInvocation(32)
  public int read32(FilledLog s) {
    ReadResult r = s.log.read(s.next, 32, 256 * 1024, null);
    s.next = r.nextOffset() >= FilledLog.RECORDS ? 0 : r.nextOffset();
    return r.bytes();
  }

  /**
   * The disk's sequential write bandwidth in MiB/s, the physical limit for appends: each invocation
   * writes a new 256 MiB file in 1 MiB FileChannel writes and forces it once, so blocks are
   * allocated as they are for a growing log (rewriting one region would measure less).
   */
  @State(Scope.Benchmark)
  public static class RawFile {
    Path dir;
    int round;
    final ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);

    @Setup(Level.Trial)
    public void open() throws IOException {
      dir = benchDir("raw");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      deleteTree(dir);
    }
  }

  @Benchmark
  @OperationsPerInvocation(RAW_CHUNKS)
  public long rawSequentialWrite(RawFile s) throws IOException {
    Path previous = s.dir.resolve("raw-" + (s.round - 1));
    Files.deleteIfExists(previous);
    Path file = s.dir.resolve("raw-" + s.round++);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < RAW_CHUNKS; i++) {
        s.chunk.clear();
        while (s.chunk.hasRemaining()) {
          channel.write(s.chunk);
        }
      }
      channel.force(false);
      return channel.position();
    }
  }
}
