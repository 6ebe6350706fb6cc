package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;

/**
 * {@code GET_EARLIEST_MSG_STORETIME} (32) response.
 *
 * @param timestamp store time of the queue's first message, epoch milliseconds; required
 */
public record GetEarliestMsgStoretimeResponseHeader(long timestamp) implements CommandHeader {

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static GetEarliestMsgStoretimeResponseHeader fromExtFields(Map<String, String> ext) {
    return new GetEarliestMsgStoretimeResponseHeader(ExtFields.requireLong(ext, "timestamp"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("timestamp", Long.toString(timestamp));
  }
}
