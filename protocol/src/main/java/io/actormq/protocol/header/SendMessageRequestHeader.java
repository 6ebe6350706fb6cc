package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import java.util.Map;
import java.util.Objects;

/**
 * {@code SEND_MESSAGE} (10) request: the send header with full field names.
 *
 * <p>The broker handles all sends through this form: {@link #fromRequest} decodes the short-named
 * {@link SendMessageRequestHeaderV2} of {@code SEND_MESSAGE_V2} (310) and {@code
 * SEND_BATCH_MESSAGE} (320) and converts it. The broker name travels as {@code bname}, RocketMQ's
 * common request field.
 *
 * @param producerGroup required
 * @param topic required
 * @param defaultTopic template topic for auto-creation, usually TBW102; required
 * @param defaultTopicQueueNums required
 * @param queueId required
 * @param sysFlag message sysFlag bits; required
 * @param bornTimestamp required
 * @param flag the user's message flag; required
 * @param properties {@code k\u0001v\u0002} encoded properties; optional, null if absent
 * @param reconsumeTimes optional, null if absent
 * @param unitMode optional, null if absent
 * @param maxReconsumeTimes optional, null if absent
 * @param batch optional, null if absent
 * @param brokerName wire name {@code bname}; optional, null if absent
 */
public record SendMessageRequestHeader(
    String producerGroup,
    String topic,
    String defaultTopic,
    int defaultTopicQueueNums,
    int queueId,
    int sysFlag,
    long bornTimestamp,
    int flag,
    String properties,
    Integer reconsumeTimes,
    Boolean unitMode,
    Integer maxReconsumeTimes,
    Boolean batch,
    String brokerName)
    implements CommandHeader {

  public SendMessageRequestHeader {
    Objects.requireNonNull(producerGroup, "producerGroup");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(defaultTopic, "defaultTopic");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static SendMessageRequestHeader fromExtFields(Map<String, String> ext) {
    return new SendMessageRequestHeader(
        ExtFields.requireName(ext, "producerGroup"),
        ExtFields.requireName(ext, "topic"),
        ExtFields.requireName(ext, "defaultTopic"),
        ExtFields.requireInt(ext, "defaultTopicQueueNums"),
        ExtFields.requireInt(ext, "queueId"),
        ExtFields.requireInt(ext, "sysFlag"),
        ExtFields.requireLong(ext, "bornTimestamp"),
        ExtFields.requireInt(ext, "flag"),
        ExtFields.optString(ext, "properties"),
        ExtFields.optInt(ext, "reconsumeTimes"),
        ExtFields.optBoolean(ext, "unitMode"),
        ExtFields.optInt(ext, "maxReconsumeTimes"),
        ExtFields.optBoolean(ext, "batch"),
        ExtFields.optName(ext, "bname"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("producerGroup", producerGroup);
    ext.put("topic", topic);
    ext.put("defaultTopic", defaultTopic);
    ext.put("defaultTopicQueueNums", Integer.toString(defaultTopicQueueNums));
    ext.put("queueId", Integer.toString(queueId));
    ext.put("sysFlag", Integer.toString(sysFlag));
    ext.put("bornTimestamp", Long.toString(bornTimestamp));
    ext.put("flag", Integer.toString(flag));
    ExtFields.put(ext, "properties", properties);
    ExtFields.put(ext, "reconsumeTimes", reconsumeTimes);
    ExtFields.put(ext, "unitMode", unitMode);
    ExtFields.put(ext, "maxReconsumeTimes", maxReconsumeTimes);
    ExtFields.put(ext, "batch", batch);
    ExtFields.put(ext, "bname", brokerName);
  }

  /**
   * Decodes the send header of any send request: V2 (short names) for {@code SEND_MESSAGE_V2},
   * {@code SEND_BATCH_MESSAGE} and {@code SEND_REPLY_MESSAGE_V2}, V1 otherwise.
   */
  public static SendMessageRequestHeader fromRequest(RemotingCommand request) {
    return switch (request.code()) {
      case RequestCode.SEND_MESSAGE_V2,
          RequestCode.SEND_BATCH_MESSAGE,
          RequestCode.SEND_REPLY_MESSAGE_V2 ->
          SendMessageRequestHeaderV2.fromExtFields(request.extFields()).toV1();
      default -> fromExtFields(request.extFields());
    };
  }

  /** The same header with short field names, for {@code SEND_MESSAGE_V2}. */
  public SendMessageRequestHeaderV2 toV2() {
    return new SendMessageRequestHeaderV2(
        producerGroup,
        topic,
        defaultTopic,
        defaultTopicQueueNums,
        queueId,
        sysFlag,
        bornTimestamp,
        flag,
        properties,
        reconsumeTimes,
        unitMode,
        maxReconsumeTimes,
        batch,
        brokerName);
  }

  /** True if this is a batch send ({@code m}/{@code batch} set). */
  public boolean isBatch() {
    return Boolean.TRUE.equals(batch);
  }
}
