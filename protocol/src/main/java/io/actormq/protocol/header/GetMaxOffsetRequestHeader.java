package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET_MAX_OFFSET} (30) request.
 *
 * @param topic required
 * @param queueId required
 * @param committed only count committed (flushed or replicated) messages; optional on the wire,
 *     default true
 */
public record GetMaxOffsetRequestHeader(String topic, int queueId, boolean committed)
    implements CommandHeader {

  public GetMaxOffsetRequestHeader {
    Objects.requireNonNull(topic, "topic");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static GetMaxOffsetRequestHeader fromExtFields(Map<String, String> ext) {
    return new GetMaxOffsetRequestHeader(
        ExtFields.requireString(ext, "topic"),
        ExtFields.requireInt(ext, "queueId"),
        ExtFields.optBoolean(ext, "committed", true));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("topic", topic);
    ext.put("queueId", Integer.toString(queueId));
    ext.put("committed", Boolean.toString(committed));
  }
}
