package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;

/**
 * {@code VIEW_MESSAGE_BY_ID} (33) request; the answer body is one record.
 *
 * @param topic optional, null if absent
 * @param offset commitLogOffset decoded from the offsetMsgId; required
 */
public record ViewMessageRequestHeader(String topic, long offset) implements CommandHeader {

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static ViewMessageRequestHeader fromExtFields(Map<String, String> ext) {
    return new ViewMessageRequestHeader(
        ExtFields.optString(ext, "topic"), ExtFields.requireLong(ext, "offset"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ExtFields.put(ext, "topic", topic);
    ext.put("offset", Long.toString(offset));
  }
}
