package io.actormq.protocol.remoting;

import java.util.HashMap;
import java.util.Map;

/**
 * A typed request or response header that travels as a command's flat {@code extFields}.
 *
 * <p>Implementations (in {@code io.actormq.protocol.header}) pair this with a static {@code
 * fromExtFields(Map)} factory; the key names are those of RocketMQ's Java header classes.
 */
public interface CommandHeader {

  /** Puts this header's non-null fields into {@code extFields}, every value as a string. */
  void writeTo(Map<String, String> extFields);

  /** This header as a new mutable map. */
  default Map<String, String> toExtFields() {
    Map<String, String> ext = new HashMap<>();
    writeTo(ext);
    return ext;
  }
}
