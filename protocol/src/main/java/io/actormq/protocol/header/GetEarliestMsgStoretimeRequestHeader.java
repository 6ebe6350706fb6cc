package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET_EARLIEST_MSG_STORETIME} (32) request.
 *
 * @param topic required
 * @param queueId required
 */
public record GetEarliestMsgStoretimeRequestHeader(String topic, int queueId)
    implements CommandHeader {

  public GetEarliestMsgStoretimeRequestHeader {
    Objects.requireNonNull(topic, "topic");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static GetEarliestMsgStoretimeRequestHeader fromExtFields(Map<String, String> ext) {
    return new GetEarliestMsgStoretimeRequestHeader(
        ExtFields.requireString(ext, "topic"), ExtFields.requireInt(ext, "queueId"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("topic", topic);
    ext.put("queueId", Integer.toString(queueId));
  }
}
