package io.actormq.broker.cluster;

import io.actormq.broker.CborSerializable;
import io.actormq.broker.topic.TopicConfig;
import java.util.List;
import java.util.Map;

/**
 * What one broker tells the rest of the cluster about itself through distributed data: where
 * clients reach it, its topics (each broker has its own queues of a topic, as in a RocketMQ
 * multi-master cluster), and the clients of each consumer group connected to it. Only the broker
 * itself writes its entry; a restarted broker overwrites the entry of its previous incarnation.
 *
 * @param address the {@code host:port} clients use for this broker
 * @param consumers per consumer group, the sorted client ids heartbeating this broker
 */
public record BrokerEntry(
    String broker,
    String address,
    Map<String, TopicConfig> topics,
    Map<String, List<String>> consumers)
    implements CborSerializable {

  public BrokerEntry {
    topics = topics == null ? Map.of() : Map.copyOf(topics);
    consumers = consumers == null ? Map.of() : Map.copyOf(consumers);
  }

  BrokerEntry withTopics(Map<String, TopicConfig> newTopics) {
    return new BrokerEntry(broker, address, newTopics, consumers);
  }

  BrokerEntry withConsumers(Map<String, List<String>> newConsumers) {
    return new BrokerEntry(broker, address, topics, newConsumers);
  }
}
