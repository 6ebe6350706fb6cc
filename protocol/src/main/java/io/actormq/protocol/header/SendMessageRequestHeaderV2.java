package io.actormq.protocol.header;

import io.actormq.protocol.remoting.DirectHeader;
import io.actormq.protocol.remoting.FieldName;
import io.actormq.protocol.remoting.FieldSink;
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
    implements DirectHeader {

  private static final FieldName A = FieldName.of("a");
  private static final FieldName B = FieldName.of("b");
  private static final FieldName C = FieldName.of("c");
  private static final FieldName D = FieldName.of("d");
  private static final FieldName E = FieldName.of("e");
  private static final FieldName F = FieldName.of("f");
  private static final FieldName G = FieldName.of("g");
  private static final FieldName H = FieldName.of("h");
  private static final FieldName I = FieldName.of("i");
  private static final FieldName J = FieldName.of("j");
  private static final FieldName K = FieldName.of("k");
  private static final FieldName L = FieldName.of("l");
  private static final FieldName M = FieldName.of("m");
  private static final FieldName N = FieldName.of("n");

  public SendMessageRequestHeaderV2 {
    Objects.requireNonNull(producerGroup, "producerGroup");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(defaultTopic, "defaultTopic");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static SendMessageRequestHeaderV2 fromExtFields(Map<String, String> ext) {
    return new SendMessageRequestHeaderV2(
        ExtFields.requireName(ext, "a"),
        ExtFields.requireName(ext, "b"),
        ExtFields.requireName(ext, "c"),
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
        ExtFields.optName(ext, "n"));
  }

  @Override
  public void writeFields(FieldSink out) {
    out.string(A, producerGroup);
    out.string(B, topic);
    out.string(C, defaultTopic);
    out.number(D, defaultTopicQueueNums);
    out.number(E, queueId);
    out.number(F, sysFlag);
    out.number(G, bornTimestamp);
    out.number(H, flag);
    out.put(I, properties);
    out.put(J, reconsumeTimes);
    out.put(K, unitMode);
    out.put(L, maxReconsumeTimes);
    out.put(M, batch);
    out.put(N, brokerName);
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
