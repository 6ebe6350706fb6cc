package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET_CONSUMER_LIST_BY_GROUP} (38) request; the answer is a JSON body.
 *
 * @param consumerGroup required
 */
public record GetConsumerListByGroupRequestHeader(String consumerGroup) implements CommandHeader {

  public GetConsumerListByGroupRequestHeader {
    Objects.requireNonNull(consumerGroup, "consumerGroup");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static GetConsumerListByGroupRequestHeader fromExtFields(Map<String, String> ext) {
    return new GetConsumerListByGroupRequestHeader(ExtFields.requireString(ext, "consumerGroup"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("consumerGroup", consumerGroup);
  }
}
