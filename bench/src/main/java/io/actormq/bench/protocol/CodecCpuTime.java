package io.actormq.bench.protocol;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The codec benchmarks' methods measured in thread CPU time instead of wall time, for a shared
 * machine where other processes steal the cores: JMH's wall-clock throughput then swings by ±100%
 * between iterations, and whichever side runs during a quiet minute wins.
 *
 * <p>Runs one group of the JMH benchmark methods (same states, same inputs, same Blackhole
 * consumption) in this JVM: warms each for a few seconds, then measures them in turns, batch after
 * batch, so load changes hit every method alike. Reports the median ops per CPU-second and the
 * bytes allocated per op of each. One group per JVM, as JMH forks per method, so that one side's
 * types do not pollute the other's call-site profiles more than sharing a group does.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.actormq.bench.protocol.CodecCpuTime <group>
 * [rounds]}, group one of {@code send-decode-json}, {@code send-decode-binary}, {@code
 * send-encode-json}, {@code send-encode-binary}, {@code pull-decode}, {@code pull-receive}, {@code
 * pull-encode}.
 */
public final class CodecCpuTime {

  private static final long BATCH_CPU_NANOS = 50_000_000L;
  private static final long WARMUP_NANOS = 4_000_000_000L;

  private CodecCpuTime() {}

  @FunctionalInterface
  interface Op {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: CodecCpuTime <group> [rounds]");
      System.exit(2);
    }
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    Blackhole bh =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous.");
    Map<String, Op> ops = group(args[0], bh);
    run(args[0], ops, rounds);
    bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
  }

  private static Map<String, Op> group(String name, Blackhole bh) throws Exception {
    Map<String, Op> ops = new LinkedHashMap<>();
    switch (name) {
      case "send-decode-json", "send-decode-binary" -> {
        var b = new SendMessageCodecBenchmark();
        var s = sendState(name.endsWith("json"));
        ops.put("decode_ours", () -> b.decode_ours(s, bh));
        ops.put("decodeInPlace_ours", () -> b.decodeInPlace_ours(s, bh));
        ops.put("decode_theirs", () -> b.decode_theirs(s, bh));
      }
      case "send-encode-json", "send-encode-binary" -> {
        var b = new SendMessageCodecBenchmark();
        var s = sendState(name.endsWith("json"));
        ops.put("encode_ours", () -> bh.consume(b.encode_ours(s)));
        ops.put("encode_theirs", () -> bh.consume(b.encode_theirs(s)));
        ops.put("encodeForSocket_ours", () -> bh.consume(b.encodeForSocket_ours(s)));
        ops.put("encodeForSocket_theirs", () -> b.encodeForSocket_theirs(s, bh));
      }
      case "pull-decode" -> {
        var b = new PullMessageCodecBenchmark();
        var s = new PullMessageCodecBenchmark.PullState();
        s.setUp();
        ops.put("decodeView_ours", () -> b.decodeView_ours(s, bh));
        ops.put("decodeRecords_ours", () -> b.decodeRecords_ours(s, bh));
        ops.put("decodeRecordsCopying_ours", () -> b.decodeRecordsCopying_ours(s, bh));
        ops.put("decode_theirs", () -> b.decode_theirs(s, bh));
      }
      case "pull-receive" -> {
        var b = new PullMessageCodecBenchmark();
        var s = new PullMessageCodecBenchmark.PullState();
        s.setUp();
        ops.put("receive_ours", () -> b.receive_ours(s, bh));
        ops.put("receive_theirs", () -> b.receive_theirs(s, bh));
      }
      case "pull-encode" -> {
        var b = new PullMessageCodecBenchmark();
        var s = new PullMessageCodecBenchmark.PullState();
        s.setUp();
        ops.put("encode_ours", () -> bh.consume(b.encode_ours(s)));
        ops.put("encode_theirsZeroCopy", () -> bh.consume(b.encode_theirsZeroCopy(s)));
        ops.put("encode_theirsHeap", () -> b.encode_theirsHeap(s, bh));
      }
      default -> throw new IllegalArgumentException("unknown group " + name);
    }
    return ops;
  }

  private static SendMessageCodecBenchmark.SendState sendState(boolean json) throws Exception {
    var s = new SendMessageCodecBenchmark.SendState();
    s.serialization = json ? "JSON" : "ROCKETMQ";
    s.setUp();
    return s;
  }

  private static void run(String group, Map<String, Op> ops, int rounds) throws Exception {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    List<String> names = new ArrayList<>(ops.keySet());
    Map<String, Long> batch = new LinkedHashMap<>();
    for (String n : names) {
      batch.put(n, warmUp(ops.get(n), threads));
    }
    double[][] opsPerCpuSecond = new double[names.size()][rounds];
    long[] allocated = new long[names.size()];
    long[] counted = new long[names.size()];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < names.size(); i++) {
        Op op = ops.get(names.get(i));
        long n = batch.get(names.get(i));
        long bytes0 = threads.getThreadAllocatedBytes(self);
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (long k = 0; k < n; k++) {
          op.run();
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        allocated[i] += threads.getThreadAllocatedBytes(self) - bytes0;
        counted[i] += n;
        opsPerCpuSecond[i][r] = n * 1e9 / cpu;
      }
    }
    System.out.printf(
        "%-22s %-28s %14s %10s %10s%n", "group", "method", "ops/cpu-s", "p25-p75%", "B/op");
    for (int i = 0; i < names.size(); i++) {
      double[] v = opsPerCpuSecond[i].clone();
      Arrays.sort(v);
      double median = v[v.length / 2];
      double spread = 100 * (v[(3 * v.length) / 4] - v[v.length / 4]) / median;
      System.out.printf(
          "%-22s %-28s %14.0f %9.1f%% %10.0f%n",
          group, names.get(i), median, spread, (double) allocated[i] / counted[i]);
    }
  }

  /** Runs the op for a while; returns a batch size of about {@link #BATCH_CPU_NANOS} CPU time. */
  private static long warmUp(Op op, java.lang.management.ThreadMXBean threads) throws Exception {
    long until = System.nanoTime() + WARMUP_NANOS;
    long n = 0;
    long cpu0 = threads.getCurrentThreadCpuTime();
    while (System.nanoTime() < until) {
      for (int k = 0; k < 100; k++) {
        op.run();
      }
      n += 100;
    }
    long perOp = Math.max(1, (threads.getCurrentThreadCpuTime() - cpu0) / n);
    return Math.max(100, BATCH_CPU_NANOS / perOp);
  }
}
