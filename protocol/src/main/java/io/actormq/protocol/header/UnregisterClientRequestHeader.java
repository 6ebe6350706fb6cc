package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code UNREGISTER_CLIENT} (35) request: one producer or consumer group of a client leaves.
 *
 * @param clientID required
 * @param producerGroup optional, null if absent
 * @param consumerGroup optional, null if absent
 */
public record UnregisterClientRequestHeader(
    String clientID, String producerGroup, String consumerGroup) implements CommandHeader {

  public UnregisterClientRequestHeader {
    Objects.requireNonNull(clientID, "clientID");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static UnregisterClientRequestHeader fromExtFields(Map<String, String> ext) {
    return new UnregisterClientRequestHeader(
        ExtFields.requireString(ext, "clientID"),
        ExtFields.optString(ext, "producerGroup"),
        ExtFields.optString(ext, "consumerGroup"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("clientID", clientID);
    ExtFields.put(ext, "producerGroup", producerGroup);
    ExtFields.put(ext, "consumerGroup", consumerGroup);
  }
}
