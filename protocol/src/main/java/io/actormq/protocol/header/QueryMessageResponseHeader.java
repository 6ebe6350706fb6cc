package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;

/**
 * {@code QUERY_MESSAGE} (12) response.
 *
 * @param indexLastUpdateTimestamp required
 * @param indexLastUpdatePhyoffset required
 */
public record QueryMessageResponseHeader(
    long indexLastUpdateTimestamp, long indexLastUpdatePhyoffset) implements CommandHeader {

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static QueryMessageResponseHeader fromExtFields(Map<String, String> ext) {
    return new QueryMessageResponseHeader(
        ExtFields.requireLong(ext, "indexLastUpdateTimestamp"),
        ExtFields.requireLong(ext, "indexLastUpdatePhyoffset"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("indexLastUpdateTimestamp", Long.toString(indexLastUpdateTimestamp));
    ext.put("indexLastUpdatePhyoffset", Long.toString(indexLastUpdatePhyoffset));
  }
}
