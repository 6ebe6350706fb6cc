package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code SEARCH_OFFSET_BY_TIMESTAMP} (29) request.
 *
 * @param topic required
 * @param queueId required
 * @param timestamp epoch milliseconds; required
 * @param boundaryType written as the enum name, read ignoring case; optional, null if absent
 */
public record SearchOffsetRequestHeader(
    String topic, int queueId, long timestamp, BoundaryType boundaryType) implements CommandHeader {

  public SearchOffsetRequestHeader {
    Objects.requireNonNull(topic, "topic");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static SearchOffsetRequestHeader fromExtFields(Map<String, String> ext) {
    return new SearchOffsetRequestHeader(
        ExtFields.requireString(ext, "topic"),
        ExtFields.requireInt(ext, "queueId"),
        ExtFields.requireLong(ext, "timestamp"),
        BoundaryType.fromWire(ExtFields.optString(ext, "boundaryType")));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("topic", topic);
    ext.put("queueId", Integer.toString(queueId));
    ext.put("timestamp", Long.toString(timestamp));
    if (boundaryType != null) {
      ext.put("boundaryType", boundaryType.name());
    }
  }

  /** The boundary to use: {@link BoundaryType#LOWER} when the client sent none. */
  public BoundaryType effectiveBoundaryType() {
    return boundaryType == null ? BoundaryType.LOWER : boundaryType;
  }
}
