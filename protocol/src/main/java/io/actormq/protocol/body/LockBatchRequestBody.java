package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonTree;
import io.actormq.protocol.json.JsonWriter;
import java.util.Map;
import java.util.Set;

/**
 * The {@code LOCK_BATCH_MQ} (41) request body; {@link UnlockBatchRequestBody} has the same shape.
 */
public record LockBatchRequestBody(
    String consumerGroup, String clientId, boolean onlyThisBroker, Set<MessageQueue> mqSet) {

  public LockBatchRequestBody {
    mqSet = BodyJson.copy(mqSet);
  }

  public byte[] toJson() {
    return write(consumerGroup, clientId, onlyThisBroker, mqSet);
  }

  /**
   * @throws io.actormq.protocol.json.JsonException if the body is malformed or lacks {@code
   *     consumerGroup} or {@code clientId} (a lock needs an owner)
   */
  public static LockBatchRequestBody fromJson(byte[] json) {
    Map<String, Object> o = BodyJson.root(json);
    return new LockBatchRequestBody(
        JsonTree.string(o, "consumerGroup"),
        JsonTree.string(o, "clientId"),
        BodyJson.optBoolean(o, "onlyThisBroker"),
        BodyJson.set(o, "mqSet", MessageQueue::read));
  }

  static byte[] write(
      String consumerGroup, String clientId, boolean onlyThisBroker, Set<MessageQueue> mqSet) {
    JsonWriter w = new JsonWriter();
    w.beginObject();
    BodyJson.string(w, "clientId", clientId);
    BodyJson.string(w, "consumerGroup", consumerGroup);
    w.name("mqSet").beginArray();
    mqSet.forEach(q -> q.write(w));
    w.endArray();
    w.name("onlyThisBroker").value(onlyThisBroker);
    w.endObject();
    return w.toByteArray();
  }
}
