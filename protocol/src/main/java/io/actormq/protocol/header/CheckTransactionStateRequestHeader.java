package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;

/**
 * {@code CHECK_TRANSACTION_STATE} (39) request, broker to client, oneway; the body is the half
 * message record.
 *
 * @param topic optional, null if absent
 * @param tranStateTableOffset required
 * @param commitLogOffset required
 * @param msgId optional, null if absent
 * @param transactionId the half message's UNIQ_KEY; optional, null if absent
 * @param offsetMsgId optional, null if absent
 */
public record CheckTransactionStateRequestHeader(
    String topic,
    long tranStateTableOffset,
    long commitLogOffset,
    String msgId,
    String transactionId,
    String offsetMsgId)
    implements CommandHeader {

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static CheckTransactionStateRequestHeader fromExtFields(Map<String, String> ext) {
    return new CheckTransactionStateRequestHeader(
        ExtFields.optString(ext, "topic"),
        ExtFields.requireLong(ext, "tranStateTableOffset"),
        ExtFields.requireLong(ext, "commitLogOffset"),
        ExtFields.optString(ext, "msgId"),
        ExtFields.optString(ext, "transactionId"),
        ExtFields.optString(ext, "offsetMsgId"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ExtFields.put(ext, "topic", topic);
    ext.put("tranStateTableOffset", Long.toString(tranStateTableOffset));
    ext.put("commitLogOffset", Long.toString(commitLogOffset));
    ExtFields.put(ext, "msgId", msgId);
    ExtFields.put(ext, "transactionId", transactionId);
    ExtFields.put(ext, "offsetMsgId", offsetMsgId);
  }
}
