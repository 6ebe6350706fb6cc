package io.actormq.protocol.remoting;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Incremental decoder for a connection's byte stream: feed it chunks of any size, get whole
 * commands.
 *
 * <p>The length prefix is checked as soon as its 4 bytes arrive, and the header-length word as soon
 * as its 4 bytes arrive, before any frame buffer is allocated: a frame larger than {@link
 * #maxFrameLength()} (counting the 4-byte prefix, as RocketMQ's Netty decoder does), a negative or
 * too small length, a header longer than the frame or an unknown serialisation type raises {@link
 * ProtocolException} at once. So the decoder never holds more than {@code maxFrameLength} bytes,
 * and each call does work proportional to its chunk. After a failure the stream is out of sync:
 * every later call fails too, and the connection should be closed.
 *
 * <p>Each frame is copied once out of the (possibly reused) network chunk into its own array;
 * decoded bodies are slices of that array. Not thread-safe: one instance per connection.
 */
public final class FrameDecoder {

  /** The limit RocketMQ clients and brokers use: 16 MiB per frame, prefix included. */
  public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;

  private static final int PREFIX = RemotingCommandEncoder.PREFIX_LENGTH;

  private final int maxFrameLength;
  // Length prefix and header-length word, gathered byte by byte across chunk boundaries.
  private final byte[] prefix = new byte[PREFIX];
  private int prefixFill;
  // Everything after the length prefix; allocated once the prefix has been validated.
  private byte[] frame;
  private int frameFill;
  private ProtocolException failure;

  public FrameDecoder() {
    this(DEFAULT_MAX_FRAME_LENGTH);
  }

  /**
   * @param maxFrameLength largest accepted frame including its 4-byte length prefix; at least 8
   */
  public FrameDecoder(int maxFrameLength) {
    if (maxFrameLength < PREFIX) {
      throw new IllegalArgumentException("maxFrameLength must be at least 8: " + maxFrameLength);
    }
    this.maxFrameLength = maxFrameLength;
  }

  public int maxFrameLength() {
    return maxFrameLength;
  }

  /** Bytes of the current, incomplete frame held by this decoder; never above the maximum. */
  public int bufferedBytes() {
    return frame != null ? 4 + frameFill : prefixFill;
  }

  /**
   * Consumes all of {@code chunk} (its position ends at its limit) and passes every command it
   * completes to {@code sink}, in order. Exceptions thrown by {@code sink} propagate unchanged and
   * leave the rest of the chunk unconsumed.
   *
   * @throws ProtocolException if the stream violates the framing or a header is malformed
   */
  public void feed(ByteBuffer chunk, Consumer<? super RemotingCommand> sink) {
    if (failure != null) {
      throw new ProtocolException(
          ProtocolException.Reason.DECODER_FAILED,
          "decoder failed earlier: " + failure.getMessage());
    }
    try {
      while (chunk.hasRemaining()) {
        RemotingCommand cmd = step(chunk);
        if (cmd != null) {
          sink.accept(cmd);
        }
      }
    } catch (ProtocolException e) {
      failure = e;
      frame = null; // let the partial frame go; nothing useful can follow
      throw e;
    }
  }

  /**
   * As {@link #feed(ByteBuffer, Consumer)} for a chunk whose bytes nobody will ever modify (an
   * immutable byte string, a buffer never reused): frames lying wholly inside it are decoded in
   * place, so their bodies are slices of {@code chunk} rather than copies; only frames spanning
   * chunks are copied.
   */
  public void feedImmutable(ByteBuffer chunk, Consumer<? super RemotingCommand> sink) {
    if (failure != null) {
      throw new ProtocolException(
          ProtocolException.Reason.DECODER_FAILED,
          "decoder failed earlier: " + failure.getMessage());
    }
    try {
      while (chunk.hasRemaining()) {
        RemotingCommand cmd = frame == null && prefixFill == 0 ? inPlace(chunk) : null;
        if (cmd == null && chunk.hasRemaining()) {
          cmd = step(chunk);
        }
        if (cmd != null) {
          sink.accept(cmd);
        }
      }
    } catch (ProtocolException e) {
      failure = e;
      frame = null;
      throw e;
    }
  }

  /** Decodes a whole frame at the chunk's position without copying, or returns null. */
  private RemotingCommand inPlace(ByteBuffer chunk) {
    int at = chunk.position();
    int available = chunk.remaining();
    if (available < PREFIX) {
      return null;
    }
    int totalLength = intAt(chunk, at);
    checkFrameLength(totalLength);
    if (totalLength > available - 4) {
      return null;
    }
    int headerWord = intAt(chunk, at + 4);
    RemotingCommandDecoder.serializeType(headerWord);
    RemotingCommandDecoder.headerLength(headerWord, totalLength);
    RemotingCommand cmd = RemotingCommandDecoder.decode(chunk.slice(at + 4, totalLength));
    chunk.position(at + 4 + totalLength);
    return cmd;
  }

  private static int intAt(ByteBuffer b, int at) {
    return ((b.get(at) & 0xFF) << 24)
        | ((b.get(at + 1) & 0xFF) << 16)
        | ((b.get(at + 2) & 0xFF) << 8)
        | (b.get(at + 3) & 0xFF);
  }

  /** As {@link #feed(ByteBuffer, Consumer)}, collecting the commands into a list. */
  public List<RemotingCommand> feed(ByteBuffer chunk) {
    List<RemotingCommand> out = new ArrayList<>(2);
    feed(chunk, out::add);
    return out;
  }

  /** Advances by at least one byte; returns a command when one completes. */
  private RemotingCommand step(ByteBuffer chunk) {
    if (frame == null) {
      int n = Math.min(PREFIX - prefixFill, chunk.remaining());
      chunk.get(prefix, prefixFill, n);
      int before = prefixFill;
      prefixFill += n;
      if (before < 4 && prefixFill >= 4) {
        checkFrameLength(readInt(0));
      }
      if (prefixFill < PREFIX) {
        return null;
      }
      int totalLength = readInt(0);
      int headerWord = readInt(4);
      RemotingCommandDecoder.serializeType(headerWord);
      RemotingCommandDecoder.headerLength(headerWord, totalLength);
      prefixFill = 0;
      if (before == 0 && chunk.hasArray() && chunk.remaining() >= totalLength - 4) {
        // The whole frame lies in this heap chunk: one copy into an array that is never zeroed
        // first (copyOfRange is an intrinsic; new + get is not), which was a sixth of decoding a
        // 32 KiB pull response.
        int from = chunk.arrayOffset() + chunk.position() - 4;
        byte[] complete = Arrays.copyOfRange(chunk.array(), from, from + totalLength);
        chunk.position(chunk.position() + totalLength - 4);
        return RemotingCommandDecoder.decode(ByteBuffer.wrap(complete));
      }
      frame = new byte[totalLength];
      System.arraycopy(prefix, 4, frame, 0, 4);
      frameFill = 4;
    }
    int n = Math.min(frame.length - frameFill, chunk.remaining());
    chunk.get(frame, frameFill, n);
    frameFill += n;
    if (frameFill < frame.length) {
      return null;
    }
    byte[] complete = frame;
    frame = null;
    frameFill = 0;
    return RemotingCommandDecoder.decode(ByteBuffer.wrap(complete));
  }

  private void checkFrameLength(int totalLength) {
    if (totalLength < 4) {
      throw new ProtocolException(
          ProtocolException.Reason.FRAME_TOO_SMALL,
          "frame length " + totalLength + " cannot hold a header-length word");
    }
    if (totalLength > maxFrameLength - 4) {
      throw new ProtocolException(
          ProtocolException.Reason.FRAME_TOO_LARGE,
          "frame of " + totalLength + " bytes (+4) exceeds the maximum of " + maxFrameLength);
    }
  }

  private int readInt(int at) {
    return ((prefix[at] & 0xFF) << 24)
        | ((prefix[at + 1] & 0xFF) << 16)
        | ((prefix[at + 2] & 0xFF) << 8)
        | (prefix[at + 3] & 0xFF);
  }
}
