package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonWriter;
import java.util.List;
import java.util.Map;

/**
 * A consumer group a client announces in its heartbeat. The enum-valued members stay strings so
 * that a name this broker does not know (a newer client's) still parses; the constants below are
 * the known ones.
 */
public record ConsumerData(
    String groupName,
    String consumeType,
    String messageModel,
    String consumeFromWhere,
    boolean unitMode,
    List<SubscriptionData> subscriptionDataSet) {

  /** Pull and lite-pull consumers. */
  public static final String CONSUME_ACTIVELY = "CONSUME_ACTIVELY";

  /** Push consumers. */
  public static final String CONSUME_PASSIVELY = "CONSUME_PASSIVELY";

  public static final String CONSUME_POP = "CONSUME_POP";

  public static final String CLUSTERING = "CLUSTERING";
  public static final String BROADCASTING = "BROADCASTING";

  public static final String CONSUME_FROM_LAST_OFFSET = "CONSUME_FROM_LAST_OFFSET";
  public static final String CONSUME_FROM_FIRST_OFFSET = "CONSUME_FROM_FIRST_OFFSET";
  public static final String CONSUME_FROM_TIMESTAMP = "CONSUME_FROM_TIMESTAMP";

  public ConsumerData {
    subscriptionDataSet = BodyJson.copy(subscriptionDataSet);
  }

  public boolean isBroadcasting() {
    return BROADCASTING.equals(messageModel);
  }

  void write(JsonWriter w) {
    w.beginObject();
    BodyJson.string(w, "consumeFromWhere", consumeFromWhere);
    BodyJson.string(w, "consumeType", consumeType);
    BodyJson.string(w, "groupName", groupName);
    BodyJson.string(w, "messageModel", messageModel);
    w.name("subscriptionDataSet").beginArray();
    subscriptionDataSet.forEach(s -> s.write(w));
    w.endArray();
    w.name("unitMode").value(unitMode);
    w.endObject();
  }

  static ConsumerData read(Object node) {
    Map<String, Object> o = BodyJson.object(node, "consumer data");
    return new ConsumerData(
        BodyJson.optString(o, "groupName"),
        BodyJson.optString(o, "consumeType"),
        BodyJson.optString(o, "messageModel"),
        BodyJson.optString(o, "consumeFromWhere"),
        BodyJson.optBoolean(o, "unitMode"),
        BodyJson.list(o, "subscriptionDataSet", SubscriptionData::read));
  }
}
