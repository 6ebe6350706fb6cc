package io.actormq.protocol.message;

/**
 * A message record, batch body, message id or property string that does not have the RocketMQ
 * layout, or a message that cannot be given that layout (a topic or property string that is too
 * long).
 *
 * <p>Unchecked so that codecs can let it propagate to the one place that turns bad input into a
 * {@code MESSAGE_ILLEGAL} (13) response; the message names what was wrong and where.
 */
public final class MessageFormatException extends RuntimeException {

  public MessageFormatException(String message) {
    super(message);
  }
}
