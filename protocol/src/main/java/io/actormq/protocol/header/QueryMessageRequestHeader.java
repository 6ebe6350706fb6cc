package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import java.util.Map;
import java.util.Objects;

/**
 * {@code QUERY_MESSAGE} (12) request: messages by key, or by unique key when {@code
 * _UNIQUE_KEY_QUERY} is true (an extra field the Java client adds beside the header).
 *
 * @param topic required
 * @param key required
 * @param maxNum required
 * @param beginTimestamp required
 * @param endTimestamp required
 * @param indexType optional, null if absent
 * @param lastKey optional, null if absent
 * @param uniqueKeyQuery wire name {@code _UNIQUE_KEY_QUERY}; optional, null if absent
 */
public record QueryMessageRequestHeader(
    String topic,
    String key,
    int maxNum,
    long beginTimestamp,
    long endTimestamp,
    String indexType,
    String lastKey,
    Boolean uniqueKeyQuery)
    implements CommandHeader {

  public QueryMessageRequestHeader {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
  }

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static QueryMessageRequestHeader fromExtFields(Map<String, String> ext) {
    return new QueryMessageRequestHeader(
        ExtFields.requireString(ext, "topic"),
        ExtFields.requireString(ext, "key"),
        ExtFields.requireInt(ext, "maxNum"),
        ExtFields.requireLong(ext, "beginTimestamp"),
        ExtFields.requireLong(ext, "endTimestamp"),
        ExtFields.optString(ext, "indexType"),
        ExtFields.optString(ext, "lastKey"),
        ExtFields.optBoolean(ext, "_UNIQUE_KEY_QUERY"));
  }

  @Override
  public void writeTo(Map<String, String> ext) {
    ext.put("topic", topic);
    ext.put("key", key);
    ext.put("maxNum", Integer.toString(maxNum));
    ext.put("beginTimestamp", Long.toString(beginTimestamp));
    ext.put("endTimestamp", Long.toString(endTimestamp));
    ExtFields.put(ext, "indexType", indexType);
    ExtFields.put(ext, "lastKey", lastKey);
    ExtFields.put(ext, "_UNIQUE_KEY_QUERY", uniqueKeyQuery);
  }
}
