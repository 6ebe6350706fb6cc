package io.actormq.broker.cluster;

import io.actormq.broker.topic.TopicRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The cluster as this node last saw it, for lock-free reads by request handlers.
 *
 * @param selfBroker this node's broker
 * @param nodes every member, whatever its state, in address order
 * @param liveOthers the entries of the other brokers whose node is Up and reachable: the ones
 *     routes and consumer lists include
 * @param registries topic registries of the other brokers whose node is Up, reachable or not, to
 *     create topics there
 */
public record ClusterSnapshot(
    String selfBroker,
    List<NodeInfo> nodes,
    Map<String, BrokerEntry> liveOthers,
    Map<String, ActorRef<TopicRegistry.Command>> registries) {

  /**
   * One member of the cluster.
   *
   * @param broker the broker it serves, or null if it is not an ActorMQ node
   * @param node its Artery address
   * @param status Pekko's member status (Joining, Up, Leaving, Exiting, Down, Removed...)
   * @param reachable false while the failure detector has given up on it
   * @param address the client address from its entry, or null if not known yet
   */
  public record NodeInfo(
      String broker, String node, String status, boolean reachable, String address) {}

  public ClusterSnapshot {
    nodes = List.copyOf(nodes);
    liveOthers = Map.copyOf(liveOthers);
    registries = Map.copyOf(registries);
  }

  static ClusterSnapshot alone(String selfBroker) {
    return new ClusterSnapshot(selfBroker, List.of(), Map.of(), Map.of());
  }

  /** Client ids of the group connected to the other live brokers, sorted; empty if none. */
  public List<String> consumersElsewhere(String group) {
    TreeSet<String> ids = null;
    for (BrokerEntry entry : liveOthers.values()) {
      List<String> there = entry.consumers().get(group);
      if (there != null) {
        if (ids == null) {
          ids = new TreeSet<>();
        }
        ids.addAll(there);
      }
    }
    return ids == null ? List.of() : List.copyOf(ids);
  }
}
