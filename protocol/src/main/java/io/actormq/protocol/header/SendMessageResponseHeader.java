package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * Response header of every send request. All three required fields must be set: the Java client
 * throws a NullPointerException on a missing one. {@code msgId} is the offsetMsgId (for a batch,
 * the comma-joined offsetMsgIds); {@code queueOffset} is the first logical offset written.
 *
 * @param msgId required
 * @param queueId required
 * @param queueOffset required
 * @param transactionId UNIQ_KEY of a half message; optional, null if absent
 * @param batchUniqId optional, null if absent
 * @param recallHandle optional, null if absent
 * @param msgRegion region id the client records; wire name {@code MSG_REGION}; optional, null if
 *     absent
 * @param traceOn false turns the client's message trace off; wire name {@code TRACE_ON}; optional,
 *     null if absent
 */
public record SendMessageResponseHeader(
    String msgId,
    int queueId,
    long queueOffset,
    String transactionId,
    String batchUniqId,
    String recallHandle,
    String msgRegion,
    Boolean traceOn)
    implements CommandHeader {

  public SendMessageResponseHeader {
    Objects.requireNonNull(msgId, "msgId");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static SendMessageResponseHeader fromExtFields(Map<String, String> ext) {
    return new SendMessageResponseHeader(
        ExtFields.requireString(ext, "msgId"),
        ExtFields.requireInt(ext, "queueId"),
        ExtFields.requireLong(ext, "queueOffset"),
        ExtFields.optString(ext, "transactionId"),
        ExtFields.optString(ext, "batchUniqId"),
        ExtFields.optString(ext, "recallHandle"),
        ExtFields.optString(ext, "MSG_REGION"),
        ExtFields.optBoolean(ext, "TRACE_ON"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("msgId", msgId);
    ext.put("queueId", Integer.toString(queueId));
    ext.put("queueOffset", Long.toString(queueOffset));
    ExtFields.put(ext, "transactionId", transactionId);
    ExtFields.put(ext, "batchUniqId", batchUniqId);
    ExtFields.put(ext, "recallHandle", recallHandle);
    ExtFields.put(ext, "MSG_REGION", msgRegion);
    ExtFields.put(ext, "TRACE_ON", traceOn);
  }
}
