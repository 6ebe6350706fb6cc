package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonTree;
import io.actormq.protocol.json.JsonWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code GET_BROKER_CLUSTER_INFO} (106) reply body: broker groups by name, and the broker names
 * of each cluster. Broker ids inside are quoted as in {@link BrokerData}; the real name server
 * writes this body with fastjson's unquoted ids, which the strict reader refuses.
 */
public record ClusterInfo(
    Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {

  public ClusterInfo {
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
    return new ClusterInfo(brokers, clusters);
  }
}
