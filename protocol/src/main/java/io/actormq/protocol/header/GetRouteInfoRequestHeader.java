package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET_ROUTEINFO_BY_TOPIC} (105) request to the name-server role.
 *
 * @param topic required
 * @param acceptStandardJsonOnly the client wants quoted map keys; optional, null if absent
 */
public record GetRouteInfoRequestHeader(String topic, Boolean acceptStandardJsonOnly)
    implements CommandHeader {

  public GetRouteInfoRequestHeader {
    Objects.requireNonNull(topic, "topic");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static GetRouteInfoRequestHeader fromExtFields(Map<String, String> ext) {
    return new GetRouteInfoRequestHeader(
        ExtFields.requireString(ext, "topic"), ExtFields.optBoolean(ext, "acceptStandardJsonOnly"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("topic", topic);
    ExtFields.put(ext, "acceptStandardJsonOnly", acceptStandardJsonOnly);
  }
}
