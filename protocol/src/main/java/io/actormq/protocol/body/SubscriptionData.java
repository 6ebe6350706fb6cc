package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonTree;
import io.actormq.protocol.json.JsonWriter;
import io.actormq.protocol.message.SubscriptionExpression;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One subscription of a consumer group, as sent in heartbeats. For TAG expressions {@code tagsSet}
 * and {@code codeSet} are what {@link SubscriptionExpression} derives from {@code subString}.
 */
public record SubscriptionData(
    String topic,
    String subString,
    Set<String> tagsSet,
    Set<Integer> codeSet,
    String expressionType,
    long subVersion,
    boolean classFilterMode,
    String filterClassSource) {

  public static final String EXPRESSION_TAG = "TAG";
  public static final String EXPRESSION_SQL92 = "SQL92";

  public SubscriptionData {
    tagsSet = BodyJson.copy(tagsSet);
    codeSet = BodyJson.copy(codeSet);
  }

  /** A TAG subscription as the client builds it from an expression. */
  public static SubscriptionData ofTags(String topic, String expression, long subVersion) {
    SubscriptionExpression parsed = SubscriptionExpression.parse(expression);
    Set<Integer> codes = new LinkedHashSet<>();
    parsed.tags().forEach(t -> codes.add(t.hashCode()));
    return new SubscriptionData(
        topic,
        parsed.isAll() ? SubscriptionExpression.ALL : expression,
        parsed.tags(),
        codes,
        EXPRESSION_TAG,
        subVersion,
        false,
        null);
  }

  /** True for TAG (or, from old clients, missing) expression types. */
  public boolean isTagType() {
    return expressionType == null || EXPRESSION_TAG.equals(expressionType);
  }

  void write(JsonWriter w) {
    w.beginObject();
    w.name("classFilterMode").value(classFilterMode);
    w.name("codeSet").beginArray();
    codeSet.forEach(c -> w.value(c));
    w.endArray();
    BodyJson.string(w, "expressionType", expressionType);
    BodyJson.string(w, "filterClassSource", filterClassSource);
    BodyJson.string(w, "subString", subString);
    w.name("subVersion").value(subVersion);
    BodyJson.strings(w, "tagsSet", tagsSet);
    BodyJson.string(w, "topic", topic);
    w.endObject();
  }

  static SubscriptionData read(Object node) {
    Map<String, Object> o = BodyJson.object(node, "subscription data");
    return new SubscriptionData(
        BodyJson.optString(o, "topic"),
        BodyJson.optString(o, "subString"),
        BodyJson.set(o, "tagsSet", v -> JsonTree.asString(v, "tagsSet")),
        BodyJson.set(o, "codeSet", v -> JsonTree.asInt(v, "codeSet")),
        BodyJson.optString(o, "expressionType"),
        BodyJson.optLong(o, "subVersion"),
        BodyJson.optBoolean(o, "classFilterMode"),
        BodyJson.optString(o, "filterClassSource"));
  }
}
