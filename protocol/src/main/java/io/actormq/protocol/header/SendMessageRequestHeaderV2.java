package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code SEND_MESSAGE_V2} (310) and {@code SEND_BATCH_MESSAGE} (320) request: the send header with
 * one-letter wire names {@code a}..{@code n}, the Java client's default since it is smaller.
 *
 * <p>Components carry the descriptive names of {@link SendMessageRequestHeader}; each
 * {@code @param} gives the wire name.
 *
 * @param producerGroup wire name {@code a}; required
 * @param topic wire name {@code b}; required
 * @param defaultTopic template topic for auto-creation, usually TBW102; wire name {@code c};
 *     required
 * @param defaultTopicQueueNums wire name {@code d}; required
 * @param queueId wire name {@code e}; required
 * @param sysFlag message sysFlag bits; wire name {@code f}; required
 * @param bornTimestamp wire name {@code g}; required
 * @param flag the user's message flag; wire name {@code h}; required
 * @param properties {@code k\u0001v\u0002} encoded properties; wire name {@code i}; optional, null
 *     if absent
 * @param reconsumeTimes wire name {@code j}; optional, null if absent
 * @param unitMode wire name {@code k}; optional, null if absent
 * @param maxReconsumeTimes wire name {@code l}; optional, null if absent
 * @param batch wire name {@code m}; optional, null if absent
 * @param brokerName wire name {@code n}; optional, null if absent
 */
public record SendMessageRequestHeaderV2(
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

  public SendMessageRequestHeaderV2 {
    Objects.requireNonNull(producerGroup, "producerGroup");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(defaultTopic, "defaultTopic");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static SendMessageRequestHeaderV2 fromExtFields(Map<String, String> ext) {
    return new SendMessageRequestHeaderV2(
        ExtFields.requireString(ext, "a"),
        ExtFields.requireString(ext, "b"),
        ExtFields.requireString(ext, "c"),
        ExtFields.requireInt(ext, "d"),
        ExtFields.requireInt(ext, "e"),
        ExtFields.requireInt(ext, "f"),
        ExtFields.requireLong(ext, "g"),
        ExtFields.requireInt(ext, "h"),
        ExtFields.optString(ext, "i"),
        ExtFields.optInt(ext, "j"),
        ExtFields.optBoolean(ext, "k"),
        ExtFields.optInt(ext, "l"),
        ExtFields.optBoolean(ext, "m"),
        ExtFields.optString(ext, "n"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("a", producerGroup);
    ext.put("b", topic);
    ext.put("c", defaultTopic);
    ext.put("d", Integer.toString(defaultTopicQueueNums));
    ext.put("e", Integer.toString(queueId));
    ext.put("f", Integer.toString(sysFlag));
    ext.put("g", Long.toString(bornTimestamp));
    ext.put("h", Integer.toString(flag));
    ExtFields.put(ext, "i", properties);
    ExtFields.put(ext, "j", reconsumeTimes);
    ExtFields.put(ext, "k", unitMode);
    ExtFields.put(ext, "l", maxReconsumeTimes);
    ExtFields.put(ext, "m", batch);
    ExtFields.put(ext, "n", brokerName);
  }

  /** The same header with full field names. */
  public SendMessageRequestHeader toV1() {
    return new SendMessageRequestHeader(
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

  /** The short-named form of a full-named header. */
  public static SendMessageRequestHeaderV2 fromV1(SendMessageRequestHeader v1) {
    return v1.toV2();
  }
}
