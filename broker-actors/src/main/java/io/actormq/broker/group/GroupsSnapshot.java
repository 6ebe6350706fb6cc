package io.actormq.broker.group;

import io.actormq.broker.remoting.ClientConnection;
import io.actormq.protocol.body.SubscriptionData;
import io.actormq.protocol.message.SubscriptionExpression;
import java.util.List;
import java.util.Map;

/**
 * An immutable picture of the consumer and producer groups, as {@link ConsumerGroups} last
 * published it.
 *
 * @param consumers consumer groups by name; only groups with members
 * @param producers per producer group, the connection of each client id; only groups with members
 */
public record GroupsSnapshot(
    Map<String, ConsumerGroupInfo> consumers,
    Map<String, Map<String, ClientConnection>> producers) {

  public static final GroupsSnapshot EMPTY = new GroupsSnapshot(Map.of(), Map.of());

  public GroupsSnapshot {
    consumers = Map.copyOf(consumers);
    producers = Map.copyOf(producers);
  }

  /** The group, or null if it has no members. */
  public ConsumerGroupInfo consumerGroup(String group) {
    return consumers.get(group);
  }

  /** The sorted client ids of the group's members; empty if none. */
  public List<String> consumerIds(String group) {
    ConsumerGroupInfo info = consumers.get(group);
    return info == null ? List.of() : info.clientIds();
  }

  /** What {@code group} subscribed to on {@code topic}, or null if nothing. */
  public SubscriptionData subscription(String group, String topic) {
    ConsumerGroupInfo info = consumers.get(group);
    return info == null ? null : info.subscription(topic);
  }

  /** The group's parsed TAG filter for {@code topic}, or null if none applies. */
  public SubscriptionExpression filter(String group, String topic) {
    ConsumerGroupInfo info = consumers.get(group);
    return info == null ? null : info.filter(topic);
  }

  /** Connections of the producer group's clients (for transaction check-back); empty if none. */
  public List<ClientConnection> producerConnections(String group) {
    Map<String, ClientConnection> clients = producers.get(group);
    return clients == null ? List.of() : List.copyOf(clients.values());
  }
}
