package io.actormq.protocol.message;

import io.actormq.protocol.remoting.ProtocolException;

/**
 * A message record, batch body, message id or property string that does not have the RocketMQ
 * layout, or a message that cannot be given that layout (a topic or property string that is too
 * long).
 *
 * <p>A {@link ProtocolException} so that a connection handler's single catch clause covers it. It
 * concerns one request, never the stream, so it carries the only non-fatal reason the remoting
 * package defines ({@code INVALID_HEADER_FIELD}); a broker that wants the more precise {@code
 * MESSAGE_ILLEGAL} (13) reply catches this type first.
 */
public final class MessageFormatException extends ProtocolException {

  public MessageFormatException(String message) {
    super(Reason.INVALID_HEADER_FIELD, message);
  }
}
