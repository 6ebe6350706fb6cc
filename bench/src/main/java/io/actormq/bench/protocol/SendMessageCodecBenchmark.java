package io.actormq.bench.protocol;

import static io.actormq.bench.protocol.CodecFixtures.check;

import io.actormq.bench.protocol.CodecFixtures.LastCommand;
import io.actormq.protocol.header.SendMessageRequestHeaderV2;
import io.actormq.protocol.remoting.FrameDecoder;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RemotingCommandEncoder;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * SEND_MESSAGE_V2 (310) with a producer's usual header and a 1 KiB body: our codec against RocketMQ
 * 5.5.0's {@code RemotingCommand}, in the same JVM.
 *
 * <p>Pairs (same input, same output handed to the Blackhole):
 *
 * <ul>
 *   <li>{@code encode_*}: typed header + body to one heap buffer holding the whole frame. Ours:
 *       {@code RemotingCommand.request} + {@code RemotingCommandEncoder.encode}; theirs: {@code
 *       createRequestCommand} + {@code setBody} + {@code encode()}.
 *   <li>{@code encodeForSocket_*}: what each stack hands to the socket. Ours: header array + the
 *       body buffer itself ({@code encodeForGather}, no body copy); theirs: what its {@code
 *       NettyEncoder} does, {@code fastEncodeHeader} + {@code writeBytes(body)} into a pooled
 *       direct {@code ByteBuf} (released after use, so its memory is off-heap and pooled and does
 *       not show in gc.alloc.rate.norm).
 *   <li>{@code decode_*}: the frame a RocketMQ 5.5.0 client sends (its own encoder's bytes) into a
 *       command plus the typed header. Ours: {@code FrameDecoder.feed} (which copies the frame out
 *       of the network chunk once) + {@code SendMessageRequestHeaderV2.fromExtFields}; theirs:
 *       {@code RemotingCommand.decode(ByteBuffer)} (copies header and body) + {@code
 *       decodeCommandCustomHeader(SendMessageRequestHeaderV2.class)}. Both then take the body.
 *   <li>{@code decodeInPlace_ours}: what the broker's TCP stage does with the same frame: {@code
 *       FrameDecoder.feedImmutable} over a read-only view of an immutable chunk (Pekko's {@code
 *       ByteString.getByteBuffers}), so the body is a slice of the chunk and only the header bytes
 *       are copied; theirs has no such path (its {@code NettyDecoder} always copies header and
 *       body, as {@code decode_theirs} does).
 * </ul>
 *
 * {@code serialization} picks the header form: JSON (clients' default) or ROCKETMQ (binary).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SendMessageCodecBenchmark {

  @State(Scope.Thread)
  public static class SendState {
    @Param({"JSON", "ROCKETMQ"})
    public String serialization;

    SerializeType oursType;
    org.apache.rocketmq.remoting.protocol.SerializeType theirsType;

    byte[] body;
    SendMessageRequestHeaderV2 oursHeader;
    org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2 theirsHeader;
    final AtomicInteger oursOpaque = new AtomicInteger();

    /** The frame as a RocketMQ client puts it on the wire, length prefix included. */
    byte[] wire;

    /** The same frame without its length prefix, as RocketMQ's Netty frame decoder passes it on. */
    byte[] wireWithoutPrefix;

    /** The frame as the broker's TCP stage sees it: a read-only view of an immutable ByteString. */
    ByteBuffer wireReadOnly;

    final FrameDecoder decoder = new FrameDecoder();
    final LastCommand sink = new LastCommand();
    final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      // What the RocketMQ client sets at start-up (MQClientAPIImpl): its version in every request.
      System.setProperty(
          org.apache.rocketmq.remoting.protocol.RemotingCommand.REMOTING_VERSION_KEY,
          Integer.toString(RemotingCommand.DEFAULT_VERSION));
      oursType = SerializeType.valueOf(serialization);
      theirsType = org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(serialization);
      body = CodecFixtures.body(CodecFixtures.BODY_BYTES, 7);
      oursHeader = CodecFixtures.oursSendHeader();
      theirsHeader = CodecFixtures.theirsSendHeader();

      // The client's own bytes: NettyEncoder = fastEncodeHeader + body.
      var request = theirsRequest(this);
      ByteBuf out = Unpooled.buffer();
      request.fastEncodeHeader(out);
      out.writeBytes(body);
      wire = new byte[out.readableBytes()];
      out.readBytes(wire);
      wireWithoutPrefix = CodecFixtures.stripLengthPrefix(wire);
      wireReadOnly = ByteBuffer.wrap(wire).asReadOnlyBuffer();
      verify();
    }

    /** Both decoders read the same values from the client's bytes, and each decodes the other. */
    private void verify() throws Exception {
      decoder.feed(ByteBuffer.wrap(wire), sink);
      RemotingCommand ours = sink.take();
      check(ours.code() == RequestCode.SEND_MESSAGE_V2, "our code");
      check(
          SendMessageRequestHeaderV2.fromExtFields(ours.extFields()).equals(oursHeader),
          "our header from their bytes: " + ours.extFields());
      check(ours.body().equals(ByteBuffer.wrap(body)), "our body from their bytes");
      decoder.feedImmutable(wireReadOnly.duplicate(), sink);
      RemotingCommand inPlace = sink.take();
      check(
          SendMessageRequestHeaderV2.fromExtFields(inPlace.extFields()).equals(oursHeader),
          "our in-place header");
      check(inPlace.body().equals(ByteBuffer.wrap(body)), "our in-place body");

      var theirs =
          org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(
              ByteBuffer.wrap(wireWithoutPrefix));
      var th =
          theirs.decodeCommandCustomHeader(
              org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2.class);
      check(th.getI().equals(CodecFixtures.PROPERTIES), "their properties");
      check(Arrays.equals(theirs.getBody(), body), "their body");

      // Their decoder reads our bytes to the same header.
      byte[] oursWire = frameBytes(encodeOurs(this));
      var back =
          org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(
              ByteBuffer.wrap(CodecFixtures.stripLengthPrefix(oursWire)));
      check(back.getExtFields().equals(theirs.getExtFields()), "their decode of our bytes");
      check(Arrays.equals(back.getBody(), body), "their decode of our body");
    }
  }

  static RemotingCommand oursRequest(SendState s) {
    return RemotingCommand.request(
        RequestCode.SEND_MESSAGE_V2,
        s.oursOpaque.getAndIncrement(),
        s.oursHeader,
        ByteBuffer.wrap(s.body));
  }

  static org.apache.rocketmq.remoting.protocol.RemotingCommand theirsRequest(SendState s) {
    var cmd =
        org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(
            org.apache.rocketmq.remoting.protocol.RequestCode.SEND_MESSAGE_V2, s.theirsHeader);
    cmd.setBody(s.body);
    cmd.setSerializeTypeCurrentRPC(s.theirsType);
    return cmd;
  }

  static ByteBuffer encodeOurs(SendState s) {
    return RemotingCommandEncoder.encode(oursRequest(s), s.oursType);
  }

  static byte[] frameBytes(ByteBuffer frame) {
    return CodecFixtures.concat(frame);
  }

  // ---- encode: whole frame in one heap buffer ----

  @Benchmark
  public ByteBuffer encode_ours(SendState s) {
    return encodeOurs(s);
  }

  @Benchmark
  public ByteBuffer encode_theirs(SendState s) {
    return theirsRequest(s).encode();
  }

  // ---- encode: what goes to the socket ----

  @Benchmark
  public ByteBuffer[] encodeForSocket_ours(SendState s) {
    return RemotingCommandEncoder.encodeForGather(oursRequest(s), s.oursType);
  }

  @Benchmark
  public void encodeForSocket_theirs(SendState s, Blackhole bh) {
    var cmd = theirsRequest(s);
    ByteBuf out = s.alloc.ioBuffer(); // MessageToByteEncoder.allocateBuffer, preferDirect
    try {
      cmd.fastEncodeHeader(out);
      byte[] body = cmd.getBody();
      if (body != null) {
        out.writeBytes(body);
      }
      bh.consume(out);
    } finally {
      out.release();
    }
  }

  // ---- decode: client bytes to command + typed header + body ----

  @Benchmark
  public void decode_ours(SendState s, Blackhole bh) {
    s.decoder.feed(ByteBuffer.wrap(s.wire), s.sink);
    RemotingCommand cmd = s.sink.take();
    bh.consume(SendMessageRequestHeaderV2.fromExtFields(cmd.extFields()));
    bh.consume(cmd.body());
    bh.consume(cmd);
  }

  @Benchmark
  public void decodeInPlace_ours(SendState s, Blackhole bh) {
    s.decoder.feedImmutable(s.wireReadOnly.duplicate(), s.sink);
    RemotingCommand cmd = s.sink.take();
    bh.consume(SendMessageRequestHeaderV2.fromExtFields(cmd.extFields()));
    bh.consume(cmd.body());
    bh.consume(cmd);
  }

  @Benchmark
  public void decode_theirs(SendState s, Blackhole bh) throws Exception {
    var cmd =
        org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(
            ByteBuffer.wrap(s.wireWithoutPrefix));
    bh.consume(
        cmd.decodeCommandCustomHeader(
            org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2.class));
    bh.consume(cmd.getBody());
    bh.consume(cmd);
  }
}
