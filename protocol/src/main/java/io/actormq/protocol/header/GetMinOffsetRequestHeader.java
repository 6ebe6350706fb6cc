package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET_MIN_OFFSET} (31) request.
 *
 * @param topic required
 * @param queueId required
 */
public record GetMinOffsetRequestHeader(String topic, int queueId) implements CommandHeader {

  public GetMinOffsetRequestHeader {
    Objects.requireNonNull(topic, "topic");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static GetMinOffsetRequestHeader fromExtFields(Map<String, String> ext) {
    return new GetMinOffsetRequestHeader(
        ExtFields.requireString(ext, "topic"), ExtFields.requireInt(ext, "queueId"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("topic", topic);
    ext.put("queueId", Integer.toString(queueId));
  }
}
