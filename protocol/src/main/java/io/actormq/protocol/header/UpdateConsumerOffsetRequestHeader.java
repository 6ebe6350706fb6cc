package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code UPDATE_CONSUMER_OFFSET} (15) request, usually oneway.
 *
 * @param consumerGroup required
 * @param topic required
 * @param queueId required
 * @param commitOffset required
 */
public record UpdateConsumerOffsetRequestHeader(
    String consumerGroup, String topic, int queueId, long commitOffset) implements CommandHeader {

  public UpdateConsumerOffsetRequestHeader {
    Objects.requireNonNull(consumerGroup, "consumerGroup");
    Objects.requireNonNull(topic, "topic");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static UpdateConsumerOffsetRequestHeader fromExtFields(Map<String, String> ext) {
    return new UpdateConsumerOffsetRequestHeader(
        ExtFields.requireString(ext, "consumerGroup"),
        ExtFields.requireString(ext, "topic"),
        ExtFields.requireInt(ext, "queueId"),
        ExtFields.requireLong(ext, "commitOffset"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("consumerGroup", consumerGroup);
    ext.put("topic", topic);
    ext.put("queueId", Integer.toString(queueId));
    ext.put("commitOffset", Long.toString(commitOffset));
  }
}
