package io.actormq.broker.topic;

import io.actormq.broker.CborSerializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable set of topics by name: the topic registry's state and snapshot, and what {@link
 * TopicView} hands to readers. Changes return a new table (copy on write: topics change rarely and
 * are read on every send).
 *
 * <p>Every queue of every topic also gets a node-wide <em>queue number</em>, handed out in the
 * order topics and queues appear and never reused. A record's commitLogOffset (and so its
 * offsetMsgId) carries the number of its queue, which makes ids unique across topics and lets an id
 * alone find its queue. Numbers follow from the order of the registry's events, so they need no
 * events of their own.
 *
 * @param queueNumbers per topic, the number of each queue id
 * @param nextQueueNumber the number the next new queue gets
 */
public record TopicTable(
    Map<String, TopicConfig> topics, Map<String, List<Integer>> queueNumbers, int nextQueueNumber)
    implements CborSerializable {

  /** Queue numbers must fit the bits that {@code QueueActor} gives them in a commitLogOffset. */
  public static final int MAX_QUEUE_NUMBER = (1 << 23) - 1;

  public static final TopicTable EMPTY = new TopicTable(Map.of(), Map.of(), 0);

  public TopicTable {
    topics = topics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(topics));
    queueNumbers = queueNumbers == null ? Map.of() : Map.copyOf(queueNumbers);
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

  /** The node-wide number of {@code topic}'s queue {@code queueId}, or -1 if there is none. */
  public int queueNumber(String topic, int queueId) {
    List<Integer> numbers = queueNumbers.get(topic);
    return numbers == null || queueId < 0 || queueId >= numbers.size() ? -1 : numbers.get(queueId);
  }

  /** Adds or replaces a topic; queues it did not have before get new numbers. */
  public TopicTable with(TopicConfig config) {
    TreeMap<String, TopicConfig> copy = new TreeMap<>(topics);
    copy.put(config.name(), config);
    List<Integer> numbers = new ArrayList<>(queueNumbers.getOrDefault(config.name(), List.of()));
    int next = nextQueueNumber;
    while (numbers.size() < config.queueCount()) {
      if (next > MAX_QUEUE_NUMBER) {
        throw new IllegalStateException("this node has handed out every queue number");
      }
      numbers.add(next++);
    }
    Map<String, List<Integer>> numbered = new HashMap<>(queueNumbers);
    numbered.put(config.name(), List.copyOf(numbers));
    return new TopicTable(copy, numbered, next);
  }

  /** Removes a topic; its queue numbers are retired, never handed out again. */
  public TopicTable without(String topic) {
    TreeMap<String, TopicConfig> copy = new TreeMap<>(topics);
    copy.remove(topic);
    Map<String, List<Integer>> numbered = new HashMap<>(queueNumbers);
    numbered.remove(topic);
    return new TopicTable(copy, numbered, nextQueueNumber);
  }
}
