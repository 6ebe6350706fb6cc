package io.actormq.bench.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one SYNC group commit costs the disk: append 32 KiB (32 records of 1 KiB) with one pwrite,
 * then make it durable, in fsyncs per second. {@code file} is how the bytes beyond the writer look:
 * {@code SPARSE} (a hole, as in a fresh preallocated segment) or {@code ZERO_AHEAD} (written with
 * zeros 2 MiB ahead, topped up by 1 MiB between fsyncs, as the engine's zero-ahead does; the zeros
 * are written to disk too, so this measures the trade as a whole); {@code force} is {@code
 * FDATASYNC} (FileChannel.force(false)) or {@code MSYNC} (MappedByteBuffer.force over the written
 * range, what the engine did before).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
public class FsyncBenchmarks {

  static final int CHUNK = 32 * 1024;
  static final int FILE_BYTES = 512 << 20;
  static final int ZERO_AHEAD = 2 << 20;
  static final int ZERO_STEP = 256 * 1024;

  @State(Scope.Benchmark)
  public static class Segment {
    @Param({"SPARSE", "ZERO_AHEAD"})
    public String file;

    @Param({"FDATASYNC", "MSYNC"})
    public String force;

    Path dir;
    FileChannel channel;
    MappedByteBuffer map;
    int position;
    int zeroedEnd;
    final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
    final ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_STEP);

    @Setup(Level.Trial)
    public void dir() throws IOException {
      dir = StorageBenchmarks.benchDir("fsync");
    }

    /** A new file per iteration, so that every write lands where nothing was written before. */
    @Setup(Level.Iteration)
    public void open() throws IOException {
      Path path = dir.resolve("segment");
      Files.deleteIfExists(path);
      channel =
          FileChannel.open(
              path,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      channel.write(ByteBuffer.allocate(1), FILE_BYTES - 1L);
      channel.force(true);
      map = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_BYTES);
      position = 0;
      zeroedEnd = 0;
    }

    void zeroAhead() throws IOException {
      if (file.equals("ZERO_AHEAD") && zeroedEnd - position < ZERO_AHEAD / 2) {
        int target = Math.min(FILE_BYTES, position + ZERO_AHEAD);
        zeroedEnd = Math.max(zeroedEnd, position);
        while (zeroedEnd < target) {
          zeros.clear().limit(Math.min(ZERO_STEP, target - zeroedEnd));
          zeroedEnd += channel.write(zeros, zeroedEnd);
        }
      }
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
      channel.close();
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
      StorageBenchmarks.deleteTree(dir);
    }
  }

  @Benchmark
  public int writeAndForce32KiB(Segment s) throws IOException {
    if (s.position + CHUNK > FILE_BYTES) {
      throw new IllegalStateException("iteration too long for the file; shorten -r");
    }
    s.chunk.clear();
    s.chunk.putInt(0, s.position);
    while (s.chunk.hasRemaining()) {
      s.channel.write(s.chunk, s.position + s.chunk.position());
    }
    if (s.force.equals("MSYNC")) {
      s.map.force(s.position, CHUNK);
    } else {
      s.channel.force(false);
    }
    s.position += CHUNK;
    s.zeroAhead();
    return s.position;
  }
}
