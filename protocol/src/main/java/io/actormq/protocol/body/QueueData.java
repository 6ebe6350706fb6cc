package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonWriter;
import java.util.Map;

/** One broker's share of a topic in a route: queue counts and {@link Permission} bits. */
public record QueueData(
    String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {

  void write(JsonWriter w) {
    w.beginObject();
    BodyJson.string(w, "brokerName", brokerName);
    w.name("perm").value(perm);
    w.name("readQueueNums").value(readQueueNums);
    w.name("topicSysFlag").value(topicSysFlag);
    w.name("writeQueueNums").value(writeQueueNums);
    w.endObject();
  }

  static QueueData read(Object node) {
    Map<String, Object> o = BodyJson.object(node, "queue data");
    return new QueueData(
        BodyJson.optString(o, "brokerName"),
        BodyJson.optInt(o, "readQueueNums"),
        BodyJson.optInt(o, "writeQueueNums"),
        BodyJson.optInt(o, "perm"),
        BodyJson.optInt(o, "topicSysFlag"));
  }
}
