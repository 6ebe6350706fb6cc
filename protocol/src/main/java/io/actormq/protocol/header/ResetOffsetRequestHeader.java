package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code INVOKE_BROKER_TO_RESET_OFFSET} (222) request from admin tools, and the header of {@code
 * RESET_CONSUMER_CLIENT_OFFSET} (220) that the broker then sends to clients.
 *
 * @param group required
 * @param topic required
 * @param queueId -1 = every queue; optional on the wire, default -1
 * @param offset reset to this offset rather than by time; optional, null if absent
 * @param timestamp epoch milliseconds; required
 * @param force also move offsets forward; wire name {@code isForce}; optional on the wire, default
 *     false
 */
public record ResetOffsetRequestHeader(
    String group, String topic, int queueId, Long offset, long timestamp, boolean force)
    implements CommandHeader {

  public ResetOffsetRequestHeader {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(topic, "topic");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static ResetOffsetRequestHeader fromExtFields(Map<String, String> ext) {
    return new ResetOffsetRequestHeader(
        ExtFields.requireString(ext, "group"),
        ExtFields.requireString(ext, "topic"),
        ExtFields.optInt(ext, "queueId", -1),
        ExtFields.optLong(ext, "offset"),
        ExtFields.requireLong(ext, "timestamp"),
        ExtFields.optBoolean(ext, "isForce", false));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("group", group);
    ext.put("topic", topic);
    ext.put("queueId", Integer.toString(queueId));
    ExtFields.put(ext, "offset", offset);
    ext.put("timestamp", Long.toString(timestamp));
    ext.put("isForce", Boolean.toString(force));
  }
}
