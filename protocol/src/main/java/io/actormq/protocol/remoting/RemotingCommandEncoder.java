package io.actormq.protocol.remoting;

import java.nio.ByteBuffer;

/**
 * Encodes commands into frames {@code [i32 totalLen][i32 hdrWord][header][body]}, where {@code
 * totalLen} counts everything after itself and {@code hdrWord} holds the serialisation type in its
 * top byte and the header length in the low 24 bits.
 *
 * <p>For zero-copy sends use {@link #encodeHeader(RemotingCommand, int, SerializeType)} and
 * gather-write the result followed by the body buffers (for pull responses, slices of the mapped
 * log); the command's own body is then ignored. {@link #encode} is the one-buffer convenience.
 * Every method writes the header once into per-thread scratch space and then allocates its output
 * exactly once, as a heap buffer whose {@code array()} is exactly the bytes to send. Thread-safe.
 */
public final class RemotingCommandEncoder {

  /** Bytes before the header: the total-length prefix and the header-length word. */
  public static final int PREFIX_LENGTH = 8;

  /** Largest header the 24-bit header-length field can announce. */
  public static final int MAX_HEADER_LENGTH = 0xFFFFFF;

  private RemotingCommandEncoder() {}

  /**
   * Length prefix, header-length word and header of a frame whose body of {@code bodyLength} bytes
   * the caller will write right after. The command's own body is not looked at.
   *
   * @throws IllegalArgumentException if the header or frame cannot be represented, or if {@code
   *     type} is ROCKETMQ and the code or version does not fit 16 bits
   */
  public static ByteBuffer encodeHeader(RemotingCommand cmd, int bodyLength, SerializeType type) {
    return ByteBuffer.wrap(frame(cmd, bodyLength, type, 0));
  }

  /** As {@link #encodeHeader(RemotingCommand, int, SerializeType)} for the command's own body. */
  public static ByteBuffer encodeHeader(RemotingCommand cmd, SerializeType type) {
    return encodeHeader(cmd, cmd.bodyLength(), type);
  }

  /**
   * The header and the command's body as two buffers for a gathering write; the body element is the
   * command's buffer itself (not copied) and absent when there is no body.
   */
  public static ByteBuffer[] encodeForGather(RemotingCommand cmd, SerializeType type) {
    ByteBuffer header = encodeHeader(cmd, type);
    return cmd.hasBody() ? new ByteBuffer[] {header, cmd.body()} : new ByteBuffer[] {header};
  }

  /** The whole frame, body copied in, in one buffer. */
  public static ByteBuffer encode(RemotingCommand cmd, SerializeType type) {
    int bodyLength = cmd.bodyLength();
    byte[] frame = frame(cmd, bodyLength, type, bodyLength);
    if (bodyLength > 0) {
      cmd.body().get(frame, frame.length - bodyLength, bodyLength);
    }
    return ByteBuffer.wrap(frame);
  }

  /** The whole frame with a JSON header, which every RocketMQ client understands. */
  public static ByteBuffer encode(RemotingCommand cmd) {
    return encode(cmd, SerializeType.JSON);
  }

  /** The header-length word: serialisation type in the top byte, header length below. */
  public static int headerWord(SerializeType type, int headerLength) {
    return (type.code() << 24) | (headerLength & MAX_HEADER_LENGTH);
  }

  private static byte[] frame(RemotingCommand cmd, int bodyLength, SerializeType type, int room) {
    if (bodyLength < 0) {
      throw new IllegalArgumentException("negative body length " + bodyLength);
    }
    HeaderBuffer buffer = HeaderBuffer.get();
    try {
      int h =
          type == SerializeType.JSON
              ? JsonHeaderCodec.write(cmd, buffer)
              : BinaryHeaderCodec.write(cmd, buffer);
      if (h > MAX_HEADER_LENGTH) {
        throw new IllegalArgumentException("header of " + h + " bytes exceeds 16 MiB");
      }
      long totalLength = 4L + h + bodyLength;
      if (totalLength + 4 > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("frame of " + totalLength + " bytes is too large");
      }
      byte[] b = new byte[PREFIX_LENGTH + h + room];
      putInt(b, 0, (int) totalLength);
      putInt(b, 4, headerWord(type, h));
      System.arraycopy(buffer.bytes(), 0, b, PREFIX_LENGTH, h);
      return b;
    } finally {
      buffer.release();
    }
  }

  private static void putInt(byte[] b, int p, int v) {
    b[p] = (byte) (v >> 24);
    b[p + 1] = (byte) (v >> 16);
    b[p + 2] = (byte) (v >> 8);
    b[p + 3] = (byte) v;
  }
}
