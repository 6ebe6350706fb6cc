package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code CONSUMER_SEND_MSG_BACK} (36) request: a consumer returns a message for redelivery.
 *
 * @param offset the record's commitLogOffset; required
 * @param group required
 * @param delayLevel 0 = broker decides, -1 = straight to the DLQ; required
 * @param originMsgId optional, null if absent
 * @param originTopic optional, null if absent
 * @param unitMode optional on the wire, default false
 * @param maxReconsumeTimes optional, null if absent
 */
public record ConsumerSendMsgBackRequestHeader(
    long offset,
    String group,
    int delayLevel,
    String originMsgId,
    String originTopic,
    boolean unitMode,
    Integer maxReconsumeTimes)
    implements CommandHeader {

  public ConsumerSendMsgBackRequestHeader {
    Objects.requireNonNull(group, "group");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static ConsumerSendMsgBackRequestHeader fromExtFields(Map<String, String> ext) {
    return new ConsumerSendMsgBackRequestHeader(
        ExtFields.requireLong(ext, "offset"),
        ExtFields.requireString(ext, "group"),
        ExtFields.requireInt(ext, "delayLevel"),
        ExtFields.optString(ext, "originMsgId"),
        ExtFields.optString(ext, "originTopic"),
        ExtFields.optBoolean(ext, "unitMode", false),
        ExtFields.optInt(ext, "maxReconsumeTimes"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("offset", Long.toString(offset));
    ext.put("group", group);
    ext.put("delayLevel", Integer.toString(delayLevel));
    ExtFields.put(ext, "originMsgId", originMsgId);
    ExtFields.put(ext, "originTopic", originTopic);
    ext.put("unitMode", Boolean.toString(unitMode));
    ExtFields.put(ext, "maxReconsumeTimes", maxReconsumeTimes);
  }
}
