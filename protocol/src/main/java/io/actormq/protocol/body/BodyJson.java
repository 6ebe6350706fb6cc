package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonException;
import io.actormq.protocol.json.JsonReader;
import io.actormq.protocol.json.JsonTree;
import io.actormq.protocol.json.JsonWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Shared reading and writing conventions of the bodies.
 *
 * <p>The RocketMQ classes are read by fastjson into POJOs, so a missing or null member simply keeps
 * its default: readers here do the same (empty collections, null strings, zero, false) and only
 * reject members of the wrong type. Writers leave out null members, as fastjson does.
 */
final class BodyJson {

  private BodyJson() {}

  static Map<String, Object> root(byte[] json) {
    return JsonTree.asObject(JsonReader.parse(json), "body");
  }

  static Map<String, Object> object(Object node, String what) {
    return JsonTree.asObject(node, what);
  }

  /** Elements of an optional array; missing or null means empty. */
  static <T> List<T> list(Map<String, Object> obj, String key, Function<Object, T> element) {
    List<Object> raw = JsonTree.optArray(obj, key);
    if (raw == null) {
      return List.of();
    }
    List<T> out = new ArrayList<>(raw.size());
    for (Object o : raw) {
      if (o == null) {
        throw new JsonException("'" + key + "' contains null");
      }
      out.add(element.apply(o));
    }
    return Collections.unmodifiableList(out);
  }

  static List<String> strings(Map<String, Object> obj, String key) {
    return list(obj, key, o -> JsonTree.asString(o, key));
  }

  static <T> Set<T> set(Map<String, Object> obj, String key, Function<Object, T> element) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(list(obj, key, element)));
  }

  static String optString(Map<String, Object> obj, String key) {
    return JsonTree.optString(obj, key);
  }

  static int optInt(Map<String, Object> obj, String key) {
    return JsonTree.optInt(obj, key, 0);
  }

  static long optLong(Map<String, Object> obj, String key) {
    return JsonTree.optLong(obj, key, 0L);
  }

  static boolean optBoolean(Map<String, Object> obj, String key) {
    return JsonTree.optBoolean(obj, key, false);
  }

  /** An immutable copy; null (a member fastjson left unset) becomes empty. */
  static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  static <T> Set<T> copy(Set<T> set) {
    return set == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(set));
  }

  static void string(JsonWriter w, String name, String value) {
    if (value != null) {
      w.name(name).value(value);
    }
  }

  static void strings(JsonWriter w, String name, Collection<String> values) {
    w.name(name).beginArray();
    for (String v : values) {
      w.value(v);
    }
    w.endArray();
  }
}
