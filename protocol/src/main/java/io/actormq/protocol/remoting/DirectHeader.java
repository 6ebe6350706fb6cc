package io.actormq.protocol.remoting;

import java.util.Map;

/**
 * A typed header that writes its fields straight into the encoder ({@link FieldSink}), the way
 * RocketMQ's {@code FastCodesHeader} does: a command built from it keeps the header and only builds
 * its extFields map if someone asks for it. Implementations must be immutable, since the fields are
 * read when the command is encoded, not when it is built.
 */
public interface DirectHeader extends CommandHeader {

  /** Writes this header's non-null fields, each at most once. */
  void writeFields(FieldSink sink);

  @Override
  default void writeTo(Map<String, String> extFields) {
    writeFields(FieldSink.into(extFields));
  }
}
