package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonTree;
import io.actormq.protocol.json.JsonWriter;
import java.util.List;
import java.util.Map;

/**
 * The {@code HEART_BEAT} (34) request body. 4.9.x clients send only {@code clientID}, {@code
 * producerDataSet} and {@code consumerDataSet}; the 5.x {@code heartbeatFingerprint} (non-zero
 * means heartbeat V2) and {@code withoutSub} then default to 0 and false.
 */
public record HeartbeatData(
    String clientID,
    List<ProducerData> producerDataSet,
    List<ConsumerData> consumerDataSet,
    int heartbeatFingerprint,
    boolean withoutSub) {

  public HeartbeatData {
    producerDataSet = BodyJson.copy(producerDataSet);
    consumerDataSet = BodyJson.copy(consumerDataSet);
  }

  public HeartbeatData(
      String clientID, List<ProducerData> producerDataSet, List<ConsumerData> consumerDataSet) {
    this(clientID, producerDataSet, consumerDataSet, 0, false);
  }

  public byte[] toJson() {
    JsonWriter w = new JsonWriter();
    w.beginObject();
    BodyJson.string(w, "clientID", clientID);
    w.name("consumerDataSet").beginArray();
    consumerDataSet.forEach(c -> c.write(w));
    w.endArray();
    w.name("heartbeatFingerprint").value(heartbeatFingerprint);
    w.name("producerDataSet").beginArray();
    producerDataSet.forEach(p -> p.write(w));
    w.endArray();
    w.name("withoutSub").value(withoutSub);
    w.endObject();
    return w.toByteArray();
  }

  /**
   * @throws io.actormq.protocol.json.JsonException if the body is not JSON, has members of the
   *     wrong type, or lacks {@code clientID} (without it the client cannot be registered)
   */
  public static HeartbeatData fromJson(byte[] json) {
    Map<String, Object> o = BodyJson.root(json);
    return new HeartbeatData(
        JsonTree.string(o, "clientID"),
        BodyJson.list(o, "producerDataSet", ProducerData::read),
        BodyJson.list(o, "consumerDataSet", ConsumerData::read),
        BodyJson.optInt(o, "heartbeatFingerprint"),
        BodyJson.optBoolean(o, "withoutSub"));
  }
}
