package io.actormq.protocol.header;

import io.actormq.protocol.remoting.ProtocolException;

/**
 * A typed header field is missing or unparsable. The message names the field, so the broker can
 * pass it on as the remark of an {@code INVALID_PARAMETER} response; the connection stays usable.
 */
public final class HeaderException extends ProtocolException {

  private final String field;

  public HeaderException(String field, String message) {
    super(Reason.INVALID_HEADER_FIELD, message);
    this.field = field;
  }

  /** The wire name of the offending field. */
  public String field() {
    return field;
  }
}
