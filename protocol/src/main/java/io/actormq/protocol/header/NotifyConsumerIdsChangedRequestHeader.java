package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code NOTIFY_CONSUMER_IDS_CHANGED} (40) request, broker to client, oneway: rebalance now.
 *
 * @param consumerGroup required
 */
public record NotifyConsumerIdsChangedRequestHeader(String consumerGroup) implements CommandHeader {

  public NotifyConsumerIdsChangedRequestHeader {
    Objects.requireNonNull(consumerGroup, "consumerGroup");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static NotifyConsumerIdsChangedRequestHeader fromExtFields(Map<String, String> ext) {
    return new NotifyConsumerIdsChangedRequestHeader(ExtFields.requireString(ext, "consumerGroup"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("consumerGroup", consumerGroup);
  }
}
