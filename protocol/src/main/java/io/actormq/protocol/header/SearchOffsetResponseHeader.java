package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;

/**
 * {@code SEARCH_OFFSET_BY_TIMESTAMP} (29) response.
 *
 * @param offset required
 */
public record SearchOffsetResponseHeader(long offset) implements CommandHeader {

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static SearchOffsetResponseHeader fromExtFields(Map<String, String> ext) {
    return new SearchOffsetResponseHeader(ExtFields.requireLong(ext, "offset"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("offset", Long.toString(offset));
  }
}
