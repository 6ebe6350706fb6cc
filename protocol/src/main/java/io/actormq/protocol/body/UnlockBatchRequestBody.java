package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonTree;
import java.util.Map;
import java.util.Set;

/** The {@code UNLOCK_BATCH_MQ} (42) request body. */
public record UnlockBatchRequestBody(
    String consumerGroup, String clientId, boolean onlyThisBroker, Set<MessageQueue> mqSet) {

  public UnlockBatchRequestBody {
    mqSet = BodyJson.copy(mqSet);
  }

  public byte[] toJson() {
    return LockBatchRequestBody.write(consumerGroup, clientId, onlyThisBroker, mqSet);
  }

  /**
   * @throws io.actormq.protocol.json.JsonException if the body is malformed or lacks {@code
   *     consumerGroup} or {@code clientId}
   */
  public static UnlockBatchRequestBody fromJson(byte[] json) {
    Map<String, Object> o = BodyJson.root(json);
    return new UnlockBatchRequestBody(
        JsonTree.string(o, "consumerGroup"),
        JsonTree.string(o, "clientId"),
        BodyJson.optBoolean(o, "onlyThisBroker"),
        BodyJson.set(o, "mqSet", MessageQueue::read));
  }
}
