package io.actormq.protocol.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

  private static RemotingCommand command(int opaque, int bodyLength) {
    byte[] body = new byte[bodyLength];
    for (int i = 0; i < bodyLength; i++) {
      body[i] = (byte) (opaque + i);
    }
    return RemotingCommand.request(
        RequestCode.HEART_BEAT, opaque, Map.of("k", "v" + opaque), ByteBuffer.wrap(body));
  }

  private static byte[] stream(SerializeType type, RemotingCommand... commands) {
    int size = 0;
    List<ByteBuffer> frames = new ArrayList<>();
    for (RemotingCommand c : commands) {
      ByteBuffer f = RemotingCommandEncoder.encode(c, type);
      frames.add(f);
      size += f.remaining();
    }
    ByteBuffer all = ByteBuffer.allocate(size);
    frames.forEach(all::put);
    return all.array();
  }

  @Test
  void decodesFramesSplitAtEveryPossibleBoundary() {
    RemotingCommand a = command(1, 0);
    RemotingCommand b = command(2, 300);
    RemotingCommand c = command(3, 1);
    for (SerializeType type : SerializeType.values()) {
      byte[] bytes = stream(type, a, b, c);
      for (int chunk = 1; chunk <= bytes.length; chunk++) {
        FrameDecoder decoder = new FrameDecoder();
        List<RemotingCommand> out = new ArrayList<>();
        for (int off = 0; off < bytes.length; off += chunk) {
          ByteBuffer piece = ByteBuffer.wrap(bytes, off, Math.min(chunk, bytes.length - off));
          decoder.feed(piece, out::add);
          assertThat(piece.hasRemaining()).isFalse();
        }
        assertThat(out).containsExactly(a, b, c);
        assertThat(decoder.bufferedBytes()).isZero();
      }
    }
  }

  @Test
  void decodesWholeFramesFromASliceAtAnOffsetOfALargerArray() {
    RemotingCommand a = command(4, 10);
    RemotingCommand b = command(5, 0);
    for (SerializeType type : SerializeType.values()) {
      byte[] bytes = stream(type, a, b);
      byte[] padded = new byte[bytes.length + 7];
      java.util.Arrays.fill(padded, (byte) 0x7F);
      System.arraycopy(bytes, 0, padded, 5, bytes.length);
      ByteBuffer chunk = ByteBuffer.wrap(padded, 5, bytes.length).slice(); // arrayOffset 5
      assertThat(new FrameDecoder().feed(chunk)).containsExactly(a, b);
      assertThat(chunk.hasRemaining()).isFalse();
    }
  }

  @Test
  void bodiesDoNotAliasTheNetworkBuffer() {
    byte[] bytes = stream(SerializeType.JSON, command(9, 4));
    ByteBuffer chunk = ByteBuffer.wrap(bytes);
    RemotingCommand cmd = new FrameDecoder().feed(chunk).get(0);
    java.util.Arrays.fill(bytes, (byte) 0); // the caller reuses its read buffer
    assertThat(cmd).isEqualTo(command(9, 4));
  }

  @Test
  void acceptsAFrameOfExactlyTheMaximum() {
    RemotingCommand small = command(1, 0);
    int frameLength = RemotingCommandEncoder.encode(small).remaining();
    RemotingCommand cmd = command(1, 1000);
    FrameDecoder decoder = new FrameDecoder(frameLength + 1000);
    assertThat(decoder.feed(RemotingCommandEncoder.encode(cmd))).containsExactly(cmd);
    FrameDecoder tooSmall = new FrameDecoder(frameLength + 999);
    assertThatThrownBy(() -> tooSmall.feed(RemotingCommandEncoder.encode(cmd)))
        .isInstanceOf(ProtocolException.class)
        .extracting(e -> ((ProtocolException) e).reason())
        .isEqualTo(ProtocolException.Reason.FRAME_TOO_LARGE);
  }

  @Test
  void rejectsBadLengthsAsSoonAsTheyArrive() {
    assertRejected(new byte[] {0x7F, -1, -1, -1}, ProtocolException.Reason.FRAME_TOO_LARGE);
    assertRejected(new byte[] {-1, -1, -1, -1}, ProtocolException.Reason.FRAME_TOO_SMALL);
    assertRejected(new byte[] {0, 0, 0, 3}, ProtocolException.Reason.FRAME_TOO_SMALL);
    assertRejected(
        new byte[] {0, 0, 0, 10, 0, 0, 0, 7}, ProtocolException.Reason.BAD_HEADER_LENGTH);
    assertRejected(
        new byte[] {0, 0, 0, 10, 2, 0, 0, 0}, ProtocolException.Reason.UNKNOWN_SERIALIZE_TYPE);
  }

  private static void assertRejected(byte[] prefix, ProtocolException.Reason reason) {
    FrameDecoder decoder = new FrameDecoder();
    // Fed byte by byte: the failure must come with the last byte of the offending word.
    for (int i = 0; i < prefix.length - 1; i++) {
      assertThat(decoder.feed(ByteBuffer.wrap(prefix, i, 1))).isEmpty();
    }
    assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(prefix, prefix.length - 1, 1)))
        .isInstanceOf(ProtocolException.class)
        .extracting(e -> ((ProtocolException) e).reason())
        .isEqualTo(reason);
    assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(8);
  }

  @Test
  void failureIsSticky() {
    FrameDecoder decoder = new FrameDecoder();
    assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(new byte[] {-1, -1, -1, -1})))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(
            () -> decoder.feed(ByteBuffer.wrap(stream(SerializeType.JSON, command(1, 0)))))
        .isInstanceOf(ProtocolException.class)
        .extracting(e -> ((ProtocolException) e).reason())
        .isEqualTo(ProtocolException.Reason.DECODER_FAILED);
  }

  @Test
  void aHugeAnnouncedFrameAllocatesNothingBig() {
    var threads = ManagementFactory.getThreadMXBean();
    if (!(threads instanceof com.sun.management.ThreadMXBean sun)
        || !sun.isThreadAllocatedMemorySupported()) {
      return;
    }
    long thread = Thread.currentThread().getId();
    byte[] prefix = {0x7F, -1, -1, -1, 0, 0, 0, 10};
    // Warm up the exception path so class loading does not count.
    for (int i = 0; i < 3; i++) {
      try {
        new FrameDecoder().feed(ByteBuffer.wrap(prefix));
      } catch (ProtocolException expected) {
        // expected
      }
    }
    long before = sun.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 100; i++) {
      try {
        new FrameDecoder().feed(ByteBuffer.wrap(prefix));
      } catch (ProtocolException expected) {
        // expected
      }
    }
    long allocated = sun.getThreadAllocatedBytes(thread) - before;
    assertThat(allocated).isLessThan(1024 * 1024);
  }

  @Test
  void maximumIsValidated() {
    assertThatThrownBy(() -> new FrameDecoder(7)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new FrameDecoder().maxFrameLength()).isEqualTo(16 * 1024 * 1024);
  }
}
