package io.actormq.protocol.remoting;

/**
 * Input that violates the remoting protocol.
 *
 * <p>The decoders promise that this is the only exception any byte sequence can provoke, so a
 * connection handler needs exactly one catch clause. Framing-level reasons mean the stream can no
 * longer be trusted and the connection should be closed; {@link Reason#INVALID_HEADER_FIELD}
 * concerns one request and deserves an {@code INVALID_PARAMETER} response instead.
 */
public class ProtocolException extends RuntimeException {

  /** Why the input was refused. */
  public enum Reason {
    /** The length prefix announces more than the configured maximum frame size. */
    FRAME_TOO_LARGE,
    /** The length prefix is negative or too small to hold the header-length word. */
    FRAME_TOO_SMALL,
    /** The header length does not fit inside the frame. */
    BAD_HEADER_LENGTH,
    /** The serialisation type byte is neither JSON (0) nor ROCKETMQ (1). */
    UNKNOWN_SERIALIZE_TYPE,
    /** The header bytes cannot be parsed in the announced serialisation. */
    MALFORMED_HEADER,
    /** The frame decoder already failed; the stream is out of sync. */
    DECODER_FAILED,
    /** A typed request or response header field is missing or unparsable. */
    INVALID_HEADER_FIELD
  }

  private final Reason reason;

  public ProtocolException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** True if the byte stream is corrupt and the connection should be closed. */
  public boolean isFatalToConnection() {
    return reason != Reason.INVALID_HEADER_FIELD;
  }
}
