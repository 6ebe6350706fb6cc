package io.actormq.protocol.remoting;

import java.nio.ByteBuffer;

/**
 * Decodes one complete frame without its length prefix: {@code [i32 hdrWord][header][body]}.
 *
 * <p>Any input either decodes or raises {@link ProtocolException}; nothing else escapes and nothing
 * is allocated beyond the header's own strings. The body is not copied: it is a slice of {@code
 * frame}, so the frame's bytes must stay untouched while the command is in use. Stateless and
 * thread-safe.
 */
public final class RemotingCommandDecoder {

  private RemotingCommandDecoder() {}

  /**
   * Decodes the bytes between {@code frame}'s position and limit, leaving its position unchanged.
   */
  public static RemotingCommand decode(ByteBuffer frame) {
    int start = frame.position();
    int length = frame.remaining();
    if (length < 4) {
      throw new ProtocolException(
          ProtocolException.Reason.FRAME_TOO_SMALL,
          "frame of " + length + " bytes has no header-length word");
    }
    int headerWord = frame.getInt(start);
    SerializeType type = serializeType(headerWord);
    int headerLength = headerLength(headerWord, length);
    int headerStart = start + 4;
    int bodyStart = headerStart + headerLength;
    int bodyLength = length - 4 - headerLength;
    ByteBuffer header = frame.slice(headerStart, headerLength);
    ByteBuffer body = bodyLength == 0 ? null : frame.slice(bodyStart, bodyLength);
    return type == SerializeType.JSON
        ? JsonHeaderCodec.decode(header, body)
        : BinaryHeaderCodec.decode(header, body);
  }

  /** The serialisation type of a header-length word, or a {@link ProtocolException}. */
  static SerializeType serializeType(int headerWord) {
    int code = headerWord >>> 24;
    SerializeType type = SerializeType.fromCode(code);
    if (type == null) {
      throw new ProtocolException(
          ProtocolException.Reason.UNKNOWN_SERIALIZE_TYPE, "unknown serialize type " + code);
    }
    return type;
  }

  /**
   * The header length of a header-length word, checked against the frame length ({@code totalLen},
   * which includes the word itself).
   */
  static int headerLength(int headerWord, int frameLength) {
    int headerLength = headerWord & RemotingCommandEncoder.MAX_HEADER_LENGTH;
    if (headerLength > frameLength - 4) {
      throw new ProtocolException(
          ProtocolException.Reason.BAD_HEADER_LENGTH,
          "header length " + headerLength + " exceeds frame length " + frameLength + " - 4");
    }
    return headerLength;
  }
}
