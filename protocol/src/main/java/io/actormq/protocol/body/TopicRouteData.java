package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonTree;
import io.actormq.protocol.json.JsonWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code GET_ROUTEINFO_BY_TOPIC} (105) reply body. {@code brokerDatas}, {@code queueDatas} and
 * {@code filterServerTable} are always written (a missing one becomes a client
 * NullPointerException); {@code orderTopicConf} ({@code "b1:4;b2:4"}) only when set.
 */
public record TopicRouteData(
    String orderTopicConf,
    List<QueueData> queueDatas,
    List<BrokerData> brokerDatas,
    Map<String, List<String>> filterServerTable) {

  public TopicRouteData {
    queueDatas = BodyJson.copy(queueDatas);
    brokerDatas = BodyJson.copy(brokerDatas);
    filterServerTable =
        filterServerTable == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(filterServerTable));
  }

  public TopicRouteData(List<QueueData> queueDatas, List<BrokerData> brokerDatas) {
    this(null, queueDatas, brokerDatas, Map.of());
  }

  public byte[] toJson() {
    JsonWriter w = new JsonWriter();
    w.beginObject();
    w.name("brokerDatas").beginArray();
    brokerDatas.forEach(b -> b.write(w));
    w.endArray();
    w.name("filterServerTable").beginObject();
    for (Map.Entry<String, List<String>> e : filterServerTable.entrySet()) {
      BodyJson.strings(w, e.getKey(), e.getValue());
    }
    w.endObject();
    BodyJson.string(w, "orderTopicConf", orderTopicConf);
    w.name("queueDatas").beginArray();
    queueDatas.forEach(q -> q.write(w));
    w.endArray();
    w.endObject();
    return w.toByteArray();
  }

  public static TopicRouteData fromJson(byte[] json) {
    Map<String, Object> o = BodyJson.root(json);
    Map<String, List<String>> filters = new LinkedHashMap<>();
    Map<String, Object> raw = JsonTree.optObject(o, "filterServerTable");
    if (raw != null) {
      for (String key : raw.keySet()) {
        filters.put(key, BodyJson.strings(raw, key));
      }
    }
    return new TopicRouteData(
        BodyJson.optString(o, "orderTopicConf"),
        BodyJson.list(o, "queueDatas", QueueData::read),
        BodyJson.list(o, "brokerDatas", BrokerData::read),
        filters);
  }
}
