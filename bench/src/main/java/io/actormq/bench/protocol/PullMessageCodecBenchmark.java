package io.actormq.bench.protocol;

import static io.actormq.bench.protocol.CodecFixtures.MAX_OFFSET;
import static io.actormq.bench.protocol.CodecFixtures.MIN_OFFSET;
import static io.actormq.bench.protocol.CodecFixtures.NEXT_BEGIN_OFFSET;
import static io.actormq.bench.protocol.CodecFixtures.PULL_OPAQUE;
import static io.actormq.bench.protocol.CodecFixtures.PULL_RECORDS;
import static io.actormq.bench.protocol.CodecFixtures.PULL_REMARK;
import static io.actormq.bench.protocol.CodecFixtures.check;

import io.actormq.bench.protocol.CodecFixtures.LastCommand;
import io.actormq.client.ReceivedMessage;
import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.header.PullMessageResponseHeader;
import io.actormq.protocol.message.MessageIds;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import io.actormq.protocol.message.MessageRecordView;
import io.actormq.protocol.remoting.FrameDecoder;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RemotingCommandEncoder;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import io.actormq.protocol.remoting.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * PULL_MESSAGE (11) response carrying 32 stored records of 1 KiB: our codec against RocketMQ
 * 5.5.0's, in the same JVM. The response header is JSON (what brokers answer with).
 *
 * <ul>
 *   <li>{@code encode_ours} vs {@code encode_theirsZeroCopy}: the broker side with zero-copy
 *       bodies. Both build the response with its typed header from the same 32 record slices (the
 *       storage layer's output) and produce the gather array {@code [header, slice0..slice31]}.
 *       Ours: {@code responseTo} + {@code RemotingCommandEncoder.encodeHeader(cmd, bodyLength,
 *       JSON)}; theirs: {@code createResponseCommand(PullMessageResponseHeader.class)} + {@code
 *       encodeHeader(bodyLength)}, which is what its broker does with {@code
 *       transferMsgByHeap=false}.
 *   <li>{@code encode_theirsHeap}: the official broker's default ({@code transferMsgByHeap=true}):
 *       the records are copied into a {@code byte[]} body, then {@code NettyEncoder} writes header
 *       and body into a pooled direct {@code ByteBuf}. For reference.
 *   <li>{@code decode_*}: the client side, from the frame the official broker sends. Header + typed
 *       response header + the 32 messages. Theirs: {@code RemotingCommand.decode} + {@code
 *       decodeCommandCustomHeader} + {@code MessageDecoder.decodes}, which materialises a {@code
 *       MessageExt} per record (body copy, properties map, offsetMsgId, host addresses). {@code
 *       decodeRecords_ours} produces the same: {@code MessageRecordCodec.decodeAllSharing} (hosts,
 *       topic, property string, the body as a read-only slice of the frame, which is the command's
 *       own array) + the property map + the offsetMsgId of each record. {@code
 *       decodeRecordsCopying_ours} is the same with {@code decodeAll}, which copies each body as
 *       theirs does (for a caller whose buffer will be reused). {@code decodeView_ours} is the lazy
 *       path: a {@code MessageRecordView} over the body, reading the scalar fields, body slice,
 *       topic, property string, UNIQ_KEY and TAGS of each record without copying bodies or building
 *       maps.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PullMessageCodecBenchmark {

  @State(Scope.Thread)
  public static class PullState {
    /** Stand-in for a mapped segment holding the 32 records. */
    ByteBuffer segment;

    /** What the storage engine hands to the pull path: one read-only slice per record. */
    ByteBuffer[] slices;

    int bodyLength;

    RemotingCommand oursPullRequest;

    /** The response as the official broker (heap mode) writes it, length prefix included. */
    byte[] wire;

    /** The same frame without its length prefix, as RocketMQ's Netty frame decoder passes it on. */
    byte[] wireWithoutPrefix;

    final FrameDecoder decoder = new FrameDecoder();
    final LastCommand sink = new LastCommand();
    final MessageRecordView view = new MessageRecordView();
    final MessageQueue queue =
        new MessageQueue(CodecFixtures.TOPIC, "broker-a", CodecFixtures.QUEUE_ID);
    final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      System.setProperty(
          org.apache.rocketmq.remoting.protocol.RemotingCommand.REMOTING_VERSION_KEY,
          Integer.toString(RemotingCommand.DEFAULT_VERSION));
      segment = CodecFixtures.storedRecords();
      slices = CodecFixtures.recordSlices(segment);
      bodyLength = segment.remaining();
      oursPullRequest =
          RemotingCommand.request(
              RequestCode.PULL_MESSAGE, PULL_OPAQUE, Map.of("topic", CodecFixtures.TOPIC), null);

      var theirs = theirsResponse(this);
      theirs.setBody(copyRecords(this));
      ByteBuf out = io.netty.buffer.Unpooled.buffer();
      theirs.fastEncodeHeader(out);
      out.writeBytes(theirs.getBody());
      wire = new byte[out.readableBytes()];
      out.readBytes(wire);
      wireWithoutPrefix = CodecFixtures.stripLengthPrefix(wire);
      verify();
    }

    private void verify() throws Exception {
      // Their client decodes our zero-copy response (header + slices) to the same 32 messages.
      byte[] ours = CodecFixtures.concat(encodeOurs(this));
      List<MessageExt> fromOurs = decodeTheirs(CodecFixtures.stripLengthPrefix(ours));
      List<MessageExt> fromTheirs = decodeTheirs(wireWithoutPrefix);
      check(fromOurs.size() == PULL_RECORDS && fromTheirs.size() == PULL_RECORDS, "32 messages");
      for (int i = 0; i < PULL_RECORDS; i++) {
        MessageExt a = fromOurs.get(i);
        MessageExt b = fromTheirs.get(i);
        check(a.getQueueOffset() == CodecFixtures.BASE_QUEUE_OFFSET + i, "queue offset");
        check(a.getMsgId().equals(b.getMsgId()), "msgId");
        check(a.getProperties().equals(b.getProperties()), "properties");
        check(java.util.Arrays.equals(a.getBody(), b.getBody()), "body");
      }
      // Ours decodes their bytes to the same messages, both ways.
      decoder.feed(ByteBuffer.wrap(wire), sink);
      RemotingCommand cmd = sink.take();
      PullMessageResponseHeader h = PullMessageResponseHeader.fromExtFields(cmd.extFields());
      check(h.nextBeginOffset() == NEXT_BEGIN_OFFSET && h.maxOffset() == MAX_OFFSET, "header");
      List<MessageRecord> records = MessageRecordCodec.decodeAll(cmd.body());
      List<MessageRecord> shared = MessageRecordCodec.decodeAllSharing(cmd.body());
      check(records.size() == PULL_RECORDS && records.equals(shared), "our 32 records");
      for (int i = 0; i < PULL_RECORDS; i++) {
        MessageRecord r = records.get(i);
        MessageExt t = fromTheirs.get(i);
        check(r.propertyMap().equals(t.getProperties()), "our properties");
        String theirsOffsetMsgId =
            MessageDecoder.createMessageId(
                ByteBuffer.allocate(16), t.getStoreHostBytes(), t.getCommitLogOffset());
        check(
            MessageIds.offsetMsgId(r.storeHost(), r.commitLogOffset()).equals(theirsOffsetMsgId),
            "offsetMsgId");
        check(java.util.Arrays.equals(r.bodyBytes(), t.getBody()), "our body");
        check(r.topic().equals(t.getTopic()), "topic");
      }
    }
  }

  private static byte[] copyRecords(PullState s) {
    // PullMessageProcessor.readGetMessageResult: one heap array, each record put in turn.
    byte[] body = new byte[s.bodyLength];
    ByteBuffer bb = ByteBuffer.wrap(body);
    for (ByteBuffer slice : s.slices) {
      bb.put(slice.duplicate());
    }
    return body;
  }

  private static org.apache.rocketmq.remoting.protocol.RemotingCommand theirsResponse(PullState s) {
    var response =
        org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(
            org.apache.rocketmq.remoting.protocol.header.PullMessageResponseHeader.class);
    var header =
        (org.apache.rocketmq.remoting.protocol.header.PullMessageResponseHeader)
            response.readCustomHeader();
    response.setOpaque(PULL_OPAQUE);
    header.setSuggestWhichBrokerId(0L);
    header.setNextBeginOffset(NEXT_BEGIN_OFFSET);
    header.setMinOffset(MIN_OFFSET);
    header.setMaxOffset(MAX_OFFSET);
    response.setCode(org.apache.rocketmq.remoting.protocol.ResponseCode.SUCCESS);
    response.setRemark(PULL_REMARK);
    return response;
  }

  private static ByteBuffer[] encodeOurs(PullState s) {
    PullMessageResponseHeader header =
        new PullMessageResponseHeader(
            0L, NEXT_BEGIN_OFFSET, MIN_OFFSET, MAX_OFFSET, null, null, null, null);
    RemotingCommand response =
        RemotingCommand.responseTo(
            s.oursPullRequest, ResponseCode.SUCCESS, PULL_REMARK, header, null);
    ByteBuffer[] out = new ByteBuffer[1 + s.slices.length];
    out[0] = RemotingCommandEncoder.encodeHeader(response, s.bodyLength, SerializeType.JSON);
    System.arraycopy(s.slices, 0, out, 1, s.slices.length);
    return out;
  }

  private static List<MessageExt> decodeTheirs(byte[] frameWithoutPrefix) throws Exception {
    var cmd =
        org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(
            ByteBuffer.wrap(frameWithoutPrefix));
    cmd.decodeCommandCustomHeader(
        org.apache.rocketmq.remoting.protocol.header.PullMessageResponseHeader.class);
    return MessageDecoder.decodes(ByteBuffer.wrap(cmd.getBody()));
  }

  // ---- encode (broker side) ----

  @Benchmark
  public ByteBuffer[] encode_ours(PullState s) {
    return encodeOurs(s);
  }

  @Benchmark
  public ByteBuffer[] encode_theirsZeroCopy(PullState s) {
    var response = theirsResponse(s);
    ByteBuffer[] out = new ByteBuffer[1 + s.slices.length];
    out[0] = response.encodeHeader(s.bodyLength);
    System.arraycopy(s.slices, 0, out, 1, s.slices.length);
    return out;
  }

  @Benchmark
  public void encode_theirsHeap(PullState s, Blackhole bh) {
    var response = theirsResponse(s);
    response.setBody(copyRecords(s));
    ByteBuf out = s.alloc.ioBuffer(); // MessageToByteEncoder.allocateBuffer, preferDirect
    try {
      response.fastEncodeHeader(out);
      out.writeBytes(response.getBody());
      bh.consume(out);
    } finally {
      out.release();
    }
  }

  // ---- decode (client side) ----

  @Benchmark
  public void decodeView_ours(PullState s, Blackhole bh) {
    s.decoder.feed(ByteBuffer.wrap(s.wire), s.sink);
    RemotingCommand cmd = s.sink.take();
    bh.consume(PullMessageResponseHeader.fromExtFields(cmd.extFields()));
    ByteBuffer body = cmd.body();
    MessageRecordView v = s.view;
    long scalars = 0;
    for (int p = body.position(); p < body.limit(); p += v.totalSize()) {
      v.wrap(body, p);
      scalars +=
          v.queueId()
              + v.queueOffset()
              + v.commitLogOffset()
              + v.bornTimestamp()
              + v.storeTimestamp()
              + v.reconsumeTimes();
      bh.consume(v.body());
      bh.consume(v.topic());
      bh.consume(v.properties());
      bh.consume(v.findProperty(MessageProperties.UNIQ_KEY));
      bh.consume(v.findProperty(MessageProperties.TAGS));
    }
    bh.consume(scalars);
  }

  @Benchmark
  public void decodeRecords_ours(PullState s, Blackhole bh) {
    s.decoder.feed(ByteBuffer.wrap(s.wire), s.sink);
    RemotingCommand cmd = s.sink.take();
    bh.consume(PullMessageResponseHeader.fromExtFields(cmd.extFields()));
    // The frame is the command's own array, so the records may share its body bytes.
    consumeRecords(MessageRecordCodec.decodeAllSharing(cmd.body()), bh);
  }

  @Benchmark
  public void decodeRecordsCopying_ours(PullState s, Blackhole bh) {
    s.decoder.feed(ByteBuffer.wrap(s.wire), s.sink);
    RemotingCommand cmd = s.sink.take();
    bh.consume(PullMessageResponseHeader.fromExtFields(cmd.extFields()));
    consumeRecords(MessageRecordCodec.decodeAll(cmd.body()), bh);
  }

  private static void consumeRecords(List<MessageRecord> records, Blackhole bh) {
    for (int i = 0, n = records.size(); i < n; i++) {
      MessageRecord r = records.get(i);
      bh.consume(r);
      bh.consume(r.propertyMap());
      bh.consume(MessageIds.offsetMsgId(r.storeHost(), r.commitLogOffset()));
    }
  }

  @Benchmark
  public void decode_theirs(PullState s, Blackhole bh) throws Exception {
    var cmd = theirsCommand(s, bh);
    List<MessageExt> messages = MessageDecoder.decodes(ByteBuffer.wrap(cmd.getBody()));
    for (int i = 0, n = messages.size(); i < n; i++) {
      bh.consume(messages.get(i));
    }
  }

  /** Their frame and typed response header, as their Netty decoder and client produce them. */
  private static org.apache.rocketmq.remoting.protocol.RemotingCommand theirsCommand(
      PullState s, Blackhole bh) throws Exception {
    var cmd =
        org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(
            ByteBuffer.wrap(s.wireWithoutPrefix));
    bh.consume(
        cmd.decodeCommandCustomHeader(
            org.apache.rocketmq.remoting.protocol.header.PullMessageResponseHeader.class));
    return cmd;
  }

  // ---- receive (client side, as each client hands a pull to the application) ----

  /**
   * Our reactive client's path: frame, typed header, then one {@link ReceivedMessage} flyweight per
   * record (no copy; {@code BrokerConsumerTransport} does exactly this), and the application reads
   * what a consumer usually reads: id, tags, keys, topic, offset, retries, born time and body.
   */
  @Benchmark
  public void receive_ours(PullState s, Blackhole bh) {
    s.decoder.feed(ByteBuffer.wrap(s.wire), s.sink);
    RemotingCommand cmd = s.sink.take();
    bh.consume(PullMessageResponseHeader.fromExtFields(cmd.extFields()));
    List<ReceivedMessage> messages = ReceivedMessage.fromPullBody(s.queue, false, cmd.body());
    for (int i = 0, n = messages.size(); i < n; i++) {
      ReceivedMessage m = messages.get(i);
      bh.consume(m.msgId());
      bh.consume(m.tags());
      bh.consume(m.keys());
      bh.consume(m.topic());
      bh.consume(m.queueOffset());
      bh.consume(m.reconsumeTimes());
      bh.consume(m.bornTimestamp());
      bh.consume(m.bodyBuffer());
    }
  }

  /**
   * The official consumer's path ({@code PullAPIWrapper.processPullResult}): {@code
   * MessageDecoder.decodesBatch(body, readBody, decompress, isClient)}, which builds every field
   * eagerly; then the same reads through its getters.
   */
  @Benchmark
  public void receive_theirs(PullState s, Blackhole bh) throws Exception {
    var cmd = theirsCommand(s, bh);
    List<MessageExt> messages =
        MessageDecoder.decodesBatch(ByteBuffer.wrap(cmd.getBody()), true, true, true);
    for (int i = 0, n = messages.size(); i < n; i++) {
      MessageExt m = messages.get(i);
      bh.consume(m.getMsgId());
      bh.consume(m.getTags());
      bh.consume(m.getKeys());
      bh.consume(m.getTopic());
      bh.consume(m.getQueueOffset());
      bh.consume(m.getReconsumeTimes());
      bh.consume(m.getBornTimestamp());
      bh.consume(m.getBody());
    }
  }
}
