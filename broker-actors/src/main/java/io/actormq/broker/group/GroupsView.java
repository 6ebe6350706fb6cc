package io.actormq.broker.group;

import io.actormq.broker.remoting.ClientConnection;
import io.actormq.protocol.body.SubscriptionData;
import io.actormq.protocol.message.SubscriptionExpression;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The group membership as last published by {@link ConsumerGroups}, for lock-free reads by request
 * handlers (consumer lists, a pull's subscription, transaction check-back connections). The actor
 * publishes a change before it acknowledges the heartbeat or unregister that caused it.
 */
public final class GroupsView {

  private volatile GroupsSnapshot snapshot = GroupsSnapshot.EMPTY;
  private final List<Consumer<GroupsSnapshot>> listeners = new CopyOnWriteArrayList<>();

  /**
   * Calls {@code listener} with every snapshot published from now on, on the groups actor's thread:
   * it must only hand the snapshot on (tell an actor), never block.
   */
  public void onPublish(Consumer<GroupsSnapshot> listener) {
    listeners.add(listener);
  }

  public GroupsSnapshot snapshot() {
    return snapshot;
  }

  /** The sorted client ids of the group's members; empty if none. */
  public List<String> consumerIds(String group) {
    return snapshot.consumerIds(group);
  }

  /** What {@code group} subscribed to on {@code topic} (tags, codeSet, type), or null. */
  public SubscriptionData subscription(String group, String topic) {
    return snapshot.subscription(group, topic);
  }

  /**
   * The group's TAG filter for {@code topic}, parsed once per subscription change rather than per
   * pull; null if the group has no TAG subscription of the topic. Fits the pull handler's {@code
   * SubscriptionLookup} as {@code view::filter}.
   */
  public SubscriptionExpression filter(String group, String topic) {
    return snapshot.filter(group, topic);
  }

  /** The group, or null if it has no members. */
  public ConsumerGroupInfo consumerGroup(String group) {
    return snapshot.consumerGroup(group);
  }

  public List<ClientConnection> producerConnections(String group) {
    return snapshot.producerConnections(group);
  }

  void publish(GroupsSnapshot newSnapshot) {
    snapshot = newSnapshot;
    listeners.forEach(l -> l.accept(newSnapshot));
  }
}
