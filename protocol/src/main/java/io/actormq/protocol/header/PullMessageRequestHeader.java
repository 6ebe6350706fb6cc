package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code PULL_MESSAGE} (11) and {@code LITE_PULL_MESSAGE} (361) request. The lite pull consumer
 * sets {@link #FLAG_LITE_PULL} and always sends {@code subscription}; push consumers send it only
 * with {@link #FLAG_SUBSCRIPTION}.
 *
 * @param consumerGroup required
 * @param topic required
 * @param queueId required
 * @param queueOffset logical offset to read from; required
 * @param maxMsgNums required
 * @param sysFlag see the FLAG_ constants; required
 * @param commitOffset offset to store if FLAG_COMMIT_OFFSET; required
 * @param suspendTimeoutMillis long-poll hold time if FLAG_SUSPEND; required
 * @param subscription tag expression or SQL92; optional, null if absent
 * @param subVersion required
 * @param expressionType TAG or SQL92; TAG if absent; optional, null if absent
 * @param maxMsgBytes optional, null if absent
 */
public record PullMessageRequestHeader(
    String consumerGroup,
    String topic,
    int queueId,
    long queueOffset,
    int maxMsgNums,
    int sysFlag,
    long commitOffset,
    long suspendTimeoutMillis,
    String subscription,
    long subVersion,
    String expressionType,
    Integer maxMsgBytes)
    implements CommandHeader {

  public PullMessageRequestHeader {
    Objects.requireNonNull(consumerGroup, "consumerGroup");
    Objects.requireNonNull(topic, "topic");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static PullMessageRequestHeader fromExtFields(Map<String, String> ext) {
    return new PullMessageRequestHeader(
        ExtFields.requireName(ext, "consumerGroup"),
        ExtFields.requireName(ext, "topic"),
        ExtFields.requireInt(ext, "queueId"),
        ExtFields.requireLong(ext, "queueOffset"),
        ExtFields.requireInt(ext, "maxMsgNums"),
        ExtFields.requireInt(ext, "sysFlag"),
        ExtFields.requireLong(ext, "commitOffset"),
        ExtFields.requireLong(ext, "suspendTimeoutMillis"),
        ExtFields.optString(ext, "subscription"),
        ExtFields.requireLong(ext, "subVersion"),
        ExtFields.optString(ext, "expressionType"),
        ExtFields.optInt(ext, "maxMsgBytes"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("consumerGroup", consumerGroup);
    ext.put("topic", topic);
    ext.put("queueId", Integer.toString(queueId));
    ext.put("queueOffset", Long.toString(queueOffset));
    ext.put("maxMsgNums", Integer.toString(maxMsgNums));
    ext.put("sysFlag", Integer.toString(sysFlag));
    ext.put("commitOffset", Long.toString(commitOffset));
    ext.put("suspendTimeoutMillis", Long.toString(suspendTimeoutMillis));
    ExtFields.put(ext, "subscription", subscription);
    ext.put("subVersion", Long.toString(subVersion));
    ExtFields.put(ext, "expressionType", expressionType);
    ExtFields.put(ext, "maxMsgBytes", maxMsgBytes);
  }

  /** sysFlag bit: store {@link #commitOffset}. */
  public static final int FLAG_COMMIT_OFFSET = 0x1;

  /** sysFlag bit: hold the request (long poll) while no message is available. */
  public static final int FLAG_SUSPEND = 0x2;

  /** sysFlag bit: use {@link #subscription} instead of the heartbeat's subscription. */
  public static final int FLAG_SUBSCRIPTION = 0x4;

  /** sysFlag bit: class filter mode (obsolete). */
  public static final int FLAG_CLASS_FILTER = 0x8;

  /** sysFlag bit: the 5.x lite pull consumer. */
  public static final int FLAG_LITE_PULL = 0x10;

  public boolean commitOffsetRequested() {
    return (sysFlag & FLAG_COMMIT_OFFSET) != 0;
  }

  public boolean suspendRequested() {
    return (sysFlag & FLAG_SUSPEND) != 0;
  }

  public boolean hasSubscriptionFlag() {
    return (sysFlag & FLAG_SUBSCRIPTION) != 0;
  }

  public boolean isLitePull() {
    return (sysFlag & FLAG_LITE_PULL) != 0;
  }
}
