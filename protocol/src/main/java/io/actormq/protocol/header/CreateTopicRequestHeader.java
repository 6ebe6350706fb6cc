package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code UPDATE_AND_CREATE_TOPIC} (17) request (admin).
 *
 * @param topic required
 * @param defaultTopic required
 * @param readQueueNums required
 * @param writeQueueNums required
 * @param perm READ 4 | WRITE 2 | INHERIT 1; required
 * @param topicFilterType SINGLE_TAG or MULTI_TAG; required
 * @param topicSysFlag optional, null if absent
 * @param order optional on the wire, default false
 * @param attributes {@code +key=value,...}; optional, null if absent
 * @param force optional on the wire, default false
 */
public record CreateTopicRequestHeader(
    String topic,
    String defaultTopic,
    int readQueueNums,
    int writeQueueNums,
    int perm,
    String topicFilterType,
    Integer topicSysFlag,
    boolean order,
    String attributes,
    boolean force)
    implements CommandHeader {

  public CreateTopicRequestHeader {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(defaultTopic, "defaultTopic");
    Objects.requireNonNull(topicFilterType, "topicFilterType");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static CreateTopicRequestHeader fromExtFields(Map<String, String> ext) {
    return new CreateTopicRequestHeader(
        ExtFields.requireString(ext, "topic"),
        ExtFields.requireString(ext, "defaultTopic"),
        ExtFields.requireInt(ext, "readQueueNums"),
        ExtFields.requireInt(ext, "writeQueueNums"),
        ExtFields.requireInt(ext, "perm"),
        ExtFields.requireString(ext, "topicFilterType"),
        ExtFields.optInt(ext, "topicSysFlag"),
        ExtFields.optBoolean(ext, "order", false),
        ExtFields.optString(ext, "attributes"),
        ExtFields.optBoolean(ext, "force", false));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("topic", topic);
    ext.put("defaultTopic", defaultTopic);
    ext.put("readQueueNums", Integer.toString(readQueueNums));
    ext.put("writeQueueNums", Integer.toString(writeQueueNums));
    ext.put("perm", Integer.toString(perm));
    ext.put("topicFilterType", topicFilterType);
    ExtFields.put(ext, "topicSysFlag", topicSysFlag);
    ext.put("order", Boolean.toString(order));
    ExtFields.put(ext, "attributes", attributes);
    ext.put("force", Boolean.toString(force));
  }
}
