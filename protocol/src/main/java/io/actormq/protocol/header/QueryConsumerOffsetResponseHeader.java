package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;

/**
 * {@code QUERY_CONSUMER_OFFSET} (14) response.
 *
 * @param offset required
 */
public record QueryConsumerOffsetResponseHeader(long offset) implements CommandHeader {

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static QueryConsumerOffsetResponseHeader fromExtFields(Map<String, String> ext) {
    return new QueryConsumerOffsetResponseHeader(ExtFields.requireLong(ext, "offset"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("offset", Long.toString(offset));
  }
}
