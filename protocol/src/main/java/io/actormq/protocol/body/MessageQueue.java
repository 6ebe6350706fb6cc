package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonWriter;
import java.util.Comparator;
import java.util.Map;

/** A queue as the lock, unlock and offset bodies name it. Orders like RocketMQ's class. */
public record MessageQueue(String topic, String brokerName, int queueId)
    implements Comparable<MessageQueue> {

  private static final Comparator<MessageQueue> ORDER =
      Comparator.comparing(MessageQueue::topic, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(MessageQueue::brokerName, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparingInt(MessageQueue::queueId);

  @Override
  public int compareTo(MessageQueue o) {
    return ORDER.compare(this, o);
  }

  void write(JsonWriter w) {
    w.beginObject();
    BodyJson.string(w, "brokerName", brokerName);
    w.name("queueId").value(queueId);
    BodyJson.string(w, "topic", topic);
    w.endObject();
  }

  static MessageQueue read(Object node) {
    Map<String, Object> o = BodyJson.object(node, "message queue");
    return new MessageQueue(
        BodyJson.optString(o, "topic"),
        BodyJson.optString(o, "brokerName"),
        BodyJson.optInt(o, "queueId"));
  }
}
