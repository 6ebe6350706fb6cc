package io.actormq.protocol.json;

/**
 * Malformed JSON input, or a JSON tree that does not have the expected shape.
 *
 * <p>Unchecked so that body decoders can let it propagate to the one place that turns bad input
 * into an error response. {@link #offset()} is the byte offset (relative to the start of the parsed
 * region) at which the reader gave up, or {@code -1} when the problem is not positional (for
 * example a missing key in an otherwise well-formed tree).
 */
public final class JsonException extends RuntimeException {

  private final int offset;

  public JsonException(String message) {
    this(message, -1);
  }

  public JsonException(String message, int offset) {
    super(offset >= 0 ? message + " at offset " + offset : message);
    this.offset = offset;
  }

  /** Byte offset of the problem in the input, or {@code -1} if it has no position. */
  public int offset() {
    return offset;
  }
}
