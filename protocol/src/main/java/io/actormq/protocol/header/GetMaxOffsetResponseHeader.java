package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;

/**
 * {@code GET_MAX_OFFSET} (30) response: the next offset to be written.
 *
 * @param offset required
 */
public record GetMaxOffsetResponseHeader(long offset) implements CommandHeader {

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static GetMaxOffsetResponseHeader fromExtFields(Map<String, String> ext) {
    return new GetMaxOffsetResponseHeader(ExtFields.requireLong(ext, "offset"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("offset", Long.toString(offset));
  }
}
