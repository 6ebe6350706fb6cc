package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code END_TRANSACTION} (37) request, oneway: commit or roll back a half message. Both offsets
 * are echoed from the send response (or the check request).
 *
 * @param topic optional, null if absent
 * @param producerGroup required
 * @param tranStateTableOffset queueOffset of the half message; required
 * @param commitLogOffset decoded from the half message's offsetMsgId; required
 * @param commitOrRollback see the constants; required
 * @param fromTransactionCheck true when answering CHECK_TRANSACTION_STATE; optional on the wire,
 *     default false
 * @param msgId required
 * @param transactionId optional, null if absent
 */
public record EndTransactionRequestHeader(
    String topic,
    String producerGroup,
    long tranStateTableOffset,
    long commitLogOffset,
    int commitOrRollback,
    boolean fromTransactionCheck,
    String msgId,
    String transactionId)
    implements CommandHeader {

  public EndTransactionRequestHeader {
    Objects.requireNonNull(producerGroup, "producerGroup");
    Objects.requireNonNull(msgId, "msgId");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static EndTransactionRequestHeader fromExtFields(Map<String, String> ext) {
    return new EndTransactionRequestHeader(
        ExtFields.optString(ext, "topic"),
        ExtFields.requireString(ext, "producerGroup"),
        ExtFields.requireLong(ext, "tranStateTableOffset"),
        ExtFields.requireLong(ext, "commitLogOffset"),
        ExtFields.requireInt(ext, "commitOrRollback"),
        ExtFields.optBoolean(ext, "fromTransactionCheck", false),
        ExtFields.requireString(ext, "msgId"),
        ExtFields.optString(ext, "transactionId"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ExtFields.put(ext, "topic", topic);
    ext.put("producerGroup", producerGroup);
    ext.put("tranStateTableOffset", Long.toString(tranStateTableOffset));
    ext.put("commitLogOffset", Long.toString(commitLogOffset));
    ext.put("commitOrRollback", Integer.toString(commitOrRollback));
    ext.put("fromTransactionCheck", Boolean.toString(fromTransactionCheck));
    ext.put("msgId", msgId);
    ExtFields.put(ext, "transactionId", transactionId);
  }

  /** {@link #commitOrRollback}: state unknown, the broker should check back later. */
  public static final int TRANSACTION_NOT_TYPE = 0;

  /** {@link #commitOrRollback}: commit. */
  public static final int TRANSACTION_COMMIT_TYPE = 0x8;

  /** {@link #commitOrRollback}: roll back. */
  public static final int TRANSACTION_ROLLBACK_TYPE = 0xC;
}
