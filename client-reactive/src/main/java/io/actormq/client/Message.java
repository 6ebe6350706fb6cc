package io.actormq.client;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message to send. {@code shardingKey}, when set, picks the queue by its hash so that messages
 * with equal keys keep their order; {@code keys} are the space-separated index keys (the official
 * {@code KEYS}). The body array is not copied: do not change it after handing the message over.
 *
 * @param topic required
 * @param body required
 * @param tags the {@code TAGS} property, or null
 * @param keys the {@code KEYS} property, or null
 * @param shardingKey chooses the queue; null for round-robin
 * @param properties further user properties
 */
public record Message(
    String topic,
    byte[] body,
    String tags,
    String keys,
    String shardingKey,
    Map<String, String> properties) {

  public Message {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(body, "body");
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  public static Message of(String topic, byte[] body) {
    return new Message(topic, body, null, null, null, Map.of());
  }

  public static Message of(String topic, String body) {
    return of(topic, body.getBytes(StandardCharsets.UTF_8));
  }

  public Message withTags(String newTags) {
    return new Message(topic, body, newTags, keys, shardingKey, properties);
  }

  public Message withKeys(String newKeys) {
    return new Message(topic, body, tags, newKeys, shardingKey, properties);
  }

  public Message withShardingKey(String key) {
    return new Message(topic, body, tags, keys, key, properties);
  }

  public Message withProperty(String name, String value) {
    Map<String, String> p = new LinkedHashMap<>(properties);
    p.put(name, value);
    return new Message(topic, body, tags, keys, shardingKey, p);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
