package io.actormq.broker.topic;

import io.actormq.broker.CborSerializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable set of topics by name: the topic registry's state and snapshot, and what {@link
 * TopicView} hands to readers. Changes return a new table (copy on write: topics change rarely and
 * are read on every send).
 */
public record TopicTable(Map<String, TopicConfig> topics) implements CborSerializable {

  public static final TopicTable EMPTY = new TopicTable(Map.of());

  public TopicTable {
    topics = topics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(topics));
  }

  /** The topic, or null if unknown. */
  public TopicConfig get(String topic) {
    return topics.get(topic);
  }

  public boolean contains(String topic) {
    return topics.containsKey(topic);
  }

  /** Topic names in sorted order. */
  public List<String> names() {
    return List.copyOf(topics.keySet());
  }

  public int size() {
    return topics.size();
  }

  public TopicTable with(TopicConfig config) {
    TreeMap<String, TopicConfig> copy = new TreeMap<>(topics);
    copy.put(config.name(), config);
    return new TopicTable(copy);
  }

  public TopicTable without(String topic) {
    TreeMap<String, TopicConfig> copy = new TreeMap<>(topics);
    copy.remove(topic);
    return new TopicTable(copy);
  }
}
