package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;

/**
 * {@code GET_MIN_OFFSET} (31) response.
 *
 * @param offset required
 */
public record GetMinOffsetResponseHeader(long offset) implements CommandHeader {

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static GetMinOffsetResponseHeader fromExtFields(Map<String, String> ext) {
    return new GetMinOffsetResponseHeader(ExtFields.requireLong(ext, "offset"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("offset", Long.toString(offset));
  }
}
