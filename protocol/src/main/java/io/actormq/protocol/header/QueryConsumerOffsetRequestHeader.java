package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code QUERY_CONSUMER_OFFSET} (14) request.
 *
 * @param consumerGroup required
 * @param topic required
 * @param queueId required
 * @param setZeroIfNotFound answer 0 rather than QUERY_NOT_FOUND; optional, null if absent
 */
public record QueryConsumerOffsetRequestHeader(
    String consumerGroup, String topic, int queueId, Boolean setZeroIfNotFound)
    implements CommandHeader {

  public QueryConsumerOffsetRequestHeader {
    Objects.requireNonNull(consumerGroup, "consumerGroup");
    Objects.requireNonNull(topic, "topic");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static QueryConsumerOffsetRequestHeader fromExtFields(Map<String, String> ext) {
    return new QueryConsumerOffsetRequestHeader(
        ExtFields.requireString(ext, "consumerGroup"),
        ExtFields.requireString(ext, "topic"),
        ExtFields.requireInt(ext, "queueId"),
        ExtFields.optBoolean(ext, "setZeroIfNotFound"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("consumerGroup", consumerGroup);
    ext.put("topic", topic);
    ext.put("queueId", Integer.toString(queueId));
    ExtFields.put(ext, "setZeroIfNotFound", setZeroIfNotFound);
  }
}
