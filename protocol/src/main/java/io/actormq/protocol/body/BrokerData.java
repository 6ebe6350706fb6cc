package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonException;
import io.actormq.protocol.json.JsonTree;
import io.actormq.protocol.json.JsonWriter;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A broker group in a route or cluster table: its addresses keyed by broker id (0 = master).
 *
 * <p>The ids are written as quoted strings ({@code {"0":"10.0.0.5:10911"}}), as the RocketMQ name
 * server does for clients of version 4.9.4 and later and as every client parses; fastjson's default
 * unquoted form is not JSON and is not accepted by the reader.
 */
public record BrokerData(
    String cluster,
    String brokerName,
    Map<Long, String> brokerAddrs,
    boolean enableActingMaster,
    String zoneName) {

  public static final long MASTER_ID = 0L;

  public BrokerData {
    brokerAddrs =
        brokerAddrs == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(brokerAddrs));
  }

  public BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs) {
    this(cluster, brokerName, brokerAddrs, false, null);
  }

  /** The master's address, or null when the group has none (producers skip such brokers). */
  public String masterAddr() {
    return brokerAddrs.get(MASTER_ID);
  }

  void write(JsonWriter w) {
    w.beginObject();
    w.name("brokerAddrs").beginObject();
    for (Map.Entry<Long, String> e : brokerAddrs.entrySet()) {
      w.name(Long.toString(e.getKey())).value(e.getValue());
    }
    w.endObject();
    BodyJson.string(w, "brokerName", brokerName);
    BodyJson.string(w, "cluster", cluster);
    w.name("enableActingMaster").value(enableActingMaster);
    BodyJson.string(w, "zoneName", zoneName);
    w.endObject();
  }

  static BrokerData read(Object node) {
    Map<String, Object> o = BodyJson.object(node, "broker data");
    Map<Long, String> addrs = new TreeMap<>();
    Map<String, Object> raw = JsonTree.optObject(o, "brokerAddrs");
    if (raw != null) {
      for (Map.Entry<String, Object> e : raw.entrySet()) {
        addrs.put(brokerId(e.getKey()), JsonTree.asString(e.getValue(), "brokerAddrs"));
      }
    }
    return new BrokerData(
        BodyJson.optString(o, "cluster"),
        BodyJson.optString(o, "brokerName"),
        addrs,
        BodyJson.optBoolean(o, "enableActingMaster"),
        BodyJson.optString(o, "zoneName"));
  }

  private static long brokerId(String key) {
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw new JsonException("brokerAddrs key '" + key + "' is not a broker id");
    }
  }
}
