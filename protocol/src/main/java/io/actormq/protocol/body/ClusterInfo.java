package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonTree;
import io.actormq.protocol.json.JsonWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code GET_BROKER_CLUSTER_INFO} (106) reply body: broker groups by name, and the broker names
 * of each cluster. Broker ids inside are quoted as in {@link BrokerData}; the real name server
 * writes this body with fastjson's unquoted ids, which the strict reader refuses.
 *
 * <p>ActorMQ adds {@code nodes}: every member of its cluster with its state, including members not
 * (or no longer) serving. RocketMQ's clients and tools ignore fields they do not know.
 */
public record ClusterInfo(
    Map<String, BrokerData> brokerAddrTable,
    Map<String, Set<String>> clusterAddrTable,
    List<NodeState> nodes) {

  /**
   * One cluster member.
   *
   * @param brokerName the broker it serves, or null
   * @param node its cluster (Artery) address
   * @param status its membership status: Joining, Up, Leaving, Exiting, Down, Removed...
   * @param reachable false while the others' failure detectors have given up on it
   * @param address the address clients use for its broker, or null if not known
   */
  public record NodeState(
      String brokerName, String node, String status, boolean reachable, String address) {}

  public ClusterInfo(
      Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {
    this(brokerAddrTable, clusterAddrTable, List.of());
  }

  public ClusterInfo {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    brokerAddrTable =
        brokerAddrTable == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(brokerAddrTable));
    Map<String, Set<String>> clusters = new LinkedHashMap<>();
    if (clusterAddrTable != null) {
      clusterAddrTable.forEach((k, v) -> clusters.put(k, BodyJson.copy(v)));
    }
    clusterAddrTable = Collections.unmodifiableMap(clusters);
  }

  public byte[] toJson() {
    JsonWriter w = new JsonWriter();
    w.beginObject();
    w.name("brokerAddrTable").beginObject();
    for (Map.Entry<String, BrokerData> e : brokerAddrTable.entrySet()) {
      w.name(e.getKey());
      e.getValue().write(w);
    }
    w.endObject();
    w.name("clusterAddrTable").beginObject();
    for (Map.Entry<String, Set<String>> e : clusterAddrTable.entrySet()) {
      BodyJson.strings(w, e.getKey(), e.getValue());
    }
    w.endObject();
    if (!nodes.isEmpty()) {
      w.name("nodes").beginArray();
      for (NodeState n : nodes) {
        w.beginObject();
        if (n.brokerName() != null) {
          w.name("brokerName").value(n.brokerName());
        }
        w.name("node").value(n.node());
        w.name("status").value(n.status());
        w.name("reachable").value(n.reachable());
        if (n.address() != null) {
          w.name("address").value(n.address());
        }
        w.endObject();
      }
      w.endArray();
    }
    w.endObject();
    return w.toByteArray();
  }

  public static ClusterInfo fromJson(byte[] json) {
    Map<String, Object> o = BodyJson.root(json);
    Map<String, BrokerData> brokers = new LinkedHashMap<>();
    Map<String, Object> rawBrokers = JsonTree.optObject(o, "brokerAddrTable");
    if (rawBrokers != null) {
      rawBrokers.forEach((k, v) -> brokers.put(k, BrokerData.read(v)));
    }
    Map<String, Set<String>> clusters = new LinkedHashMap<>();
    Map<String, Object> rawClusters = JsonTree.optObject(o, "clusterAddrTable");
    if (rawClusters != null) {
      for (String k : rawClusters.keySet()) {
        clusters.put(k, BodyJson.set(rawClusters, k, v -> JsonTree.asString(v, k)));
      }
    }
    List<NodeState> nodes = new ArrayList<>();
    List<Object> rawNodes = JsonTree.optArray(o, "nodes");
    if (rawNodes != null) {
      for (Object raw : rawNodes) {
        Map<String, Object> n = JsonTree.asObject(raw, "nodes[]");
        nodes.add(
            new NodeState(
                JsonTree.optString(n, "brokerName"),
                JsonTree.string(n, "node"),
                JsonTree.string(n, "status"),
                JsonTree.optBoolean(n, "reachable", true),
                JsonTree.optString(n, "address")));
      }
    }
    return new ClusterInfo(brokers, clusters, nodes);
  }
}
