package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonWriter;

/** A producer group a client announces in its heartbeat. */
public record ProducerData(String groupName) {

  void write(JsonWriter w) {
    w.beginObject();
    BodyJson.string(w, "groupName", groupName);
    w.endObject();
  }

  static ProducerData read(Object node) {
    return new ProducerData(
        BodyJson.optString(BodyJson.object(node, "producer data"), "groupName"));
  }
}
