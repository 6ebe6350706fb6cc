package io.actormq.bench.protocol;

import io.actormq.bench.protocol.CodecFixtures.LastCommand;
import io.actormq.protocol.remoting.FrameDecoder;
import io.actormq.protocol.remoting.RemotingCommand;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A client receiving PULL responses (32 records of 1 KiB, the frame of {@link
 * PullMessageCodecBenchmark}) from a loopback socket into our {@link FrameDecoder}, with the read
 * buffer on the heap or off it. The JDK reads a socket into a heap buffer through a temporary
 * direct buffer and then copies, so a heap read buffer costs one more copy of every frame than a
 * direct one, on top of the decoder's own copy into the frame's array.
 *
 * <p>Each operation writes one frame into the socket and reads it back on the same thread, so no
 * second thread competes for the two cores; the write is the same for both buffer kinds.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FrameReadBenchmark {

  @State(Scope.Thread)
  public static class Connection {
    @Param({"heap", "direct"})
    public String readBuffer;

    ServerSocketChannel server;
    SocketChannel writer;
    SocketChannel reader;
    ByteBuffer frame;
    ByteBuffer buffer;
    final FrameDecoder decoder = new FrameDecoder();
    final LastCommand sink = new LastCommand();

    @Setup(Level.Trial)
    public void open() throws Exception {
      var pull = new PullMessageCodecBenchmark.PullState();
      pull.setUp();
      frame = ByteBuffer.allocateDirect(pull.wire.length).put(pull.wire).flip();
      buffer =
          readBuffer.equals("direct")
              ? ByteBuffer.allocateDirect(64 * 1024)
              : ByteBuffer.allocate(64 * 1024);
      server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
      reader = SocketChannel.open();
      reader.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
      reader.connect(server.getLocalAddress());
      writer = server.accept();
      writer.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
      writer.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      writer.close();
      reader.close();
      server.close();
    }
  }

  @Benchmark
  public RemotingCommand receivePullResponse(Connection c) throws IOException {
    ByteBuffer out = c.frame.duplicate();
    while (out.hasRemaining()) {
      c.writer.write(out);
    }
    RemotingCommand cmd = null;
    while (cmd == null) {
      c.buffer.clear();
      if (c.reader.read(c.buffer) < 0) {
        throw new IOException("connection closed");
      }
      c.buffer.flip();
      c.decoder.feed(c.buffer, c.sink);
      cmd = c.sink.take();
    }
    return cmd;
  }
}
