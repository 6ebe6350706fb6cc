package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonWriter;
import java.util.Set;

/** The {@code LOCK_BATCH_MQ} (41) reply body: the queues now locked by the requester. */
public record LockBatchResponseBody(Set<MessageQueue> lockOKMQSet) {

  public LockBatchResponseBody {
    lockOKMQSet = BodyJson.copy(lockOKMQSet);
  }

  public byte[] toJson() {
    JsonWriter w = new JsonWriter();
    w.beginObject();
    w.name("lockOKMQSet").beginArray();
    lockOKMQSet.forEach(q -> q.write(w));
    w.endArray();
    w.endObject();
    return w.toByteArray();
  }

  public static LockBatchResponseBody fromJson(byte[] json) {
    return new LockBatchResponseBody(
        BodyJson.set(BodyJson.root(json), "lockOKMQSet", MessageQueue::read));
  }
}
