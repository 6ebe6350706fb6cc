package io.actormq.protocol.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a tree from {@link JsonReader}, for body decoders.
 *
 * <p>Required accessors throw {@link JsonException} naming the key when it is missing, null or of
 * the wrong type; {@code opt*} accessors return {@code null} for a missing or null member but still
 * reject a wrong type, because a present-but-wrong field is a client bug worth reporting.
 */
public final class JsonTree {

  private JsonTree() {}

  /** {@code value} as an object, or a {@link JsonException} mentioning {@code what}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> asObject(Object value, String what) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw wrongType(what, "an object", value);
  }

  /** {@code value} as an array, or a {@link JsonException} mentioning {@code what}. */
  @SuppressWarnings("unchecked")
  public static List<Object> asArray(Object value, String what) {
    if (value instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw wrongType(what, "an array", value);
  }

  public static Map<String, Object> object(Map<String, Object> obj, String key) {
    return asObject(require(obj, key), key);
  }

  public static Map<String, Object> optObject(Map<String, Object> obj, String key) {
    Object v = obj.get(key);
    return v == null ? null : asObject(v, key);
  }

  public static List<Object> array(Map<String, Object> obj, String key) {
    return asArray(require(obj, key), key);
  }

  public static List<Object> optArray(Map<String, Object> obj, String key) {
    Object v = obj.get(key);
    return v == null ? null : asArray(v, key);
  }

  public static String string(Map<String, Object> obj, String key) {
    return asString(require(obj, key), key);
  }

  public static String optString(Map<String, Object> obj, String key) {
    Object v = obj.get(key);
    return v == null ? null : asString(v, key);
  }

  public static long longValue(Map<String, Object> obj, String key) {
    return asLong(require(obj, key), key);
  }

  public static Long optLong(Map<String, Object> obj, String key) {
    Object v = obj.get(key);
    return v == null ? null : asLong(v, key);
  }

  public static long optLong(Map<String, Object> obj, String key, long defaultValue) {
    Object v = obj.get(key);
    return v == null ? defaultValue : asLong(v, key);
  }

  public static int intValue(Map<String, Object> obj, String key) {
    return asInt(require(obj, key), key);
  }

  public static Integer optInt(Map<String, Object> obj, String key) {
    Object v = obj.get(key);
    return v == null ? null : asInt(v, key);
  }

  public static int optInt(Map<String, Object> obj, String key, int defaultValue) {
    Object v = obj.get(key);
    return v == null ? defaultValue : asInt(v, key);
  }

  public static boolean bool(Map<String, Object> obj, String key) {
    return asBoolean(require(obj, key), key);
  }

  public static Boolean optBoolean(Map<String, Object> obj, String key) {
    Object v = obj.get(key);
    return v == null ? null : asBoolean(v, key);
  }

  public static boolean optBoolean(Map<String, Object> obj, String key, boolean defaultValue) {
    Object v = obj.get(key);
    return v == null ? defaultValue : asBoolean(v, key);
  }

  public static String asString(Object value, String what) {
    if (value instanceof String s) {
      return s;
    }
    throw wrongType(what, "a string", value);
  }

  /** An integral number that fits a {@code long} (integral doubles such as 3.0 are accepted). */
  public static long asLong(Object value, String what) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
      return d.longValue();
    }
    if (value instanceof BigDecimal b) {
      try {
        return b.longValueExact();
      } catch (ArithmeticException e) {
        throw new JsonException("'" + what + "' is out of range for a long: " + b);
      }
    }
    throw wrongType(what, "an integer", value);
  }

  public static int asInt(Object value, String what) {
    long v = asLong(value, what);
    if (v != (int) v) {
      throw new JsonException("'" + what + "' is out of range for an int: " + v);
    }
    return (int) v;
  }

  public static boolean asBoolean(Object value, String what) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw wrongType(what, "a boolean", value);
  }

  private static Object require(Map<String, Object> obj, String key) {
    Object v = obj.get(key);
    if (v == null) {
      throw new JsonException(
          obj.containsKey(key) ? "'" + key + "' is null" : "missing '" + key + "'");
    }
    return v;
  }

  private static JsonException wrongType(String what, String expected, Object actual) {
    String kind;
    if (actual == null) {
      kind = "null";
    } else if (actual instanceof Map) {
      kind = "an object";
    } else if (actual instanceof List) {
      kind = "an array";
    } else if (actual instanceof String) {
      kind = "a string";
    } else if (actual instanceof Boolean) {
      kind = "a boolean";
    } else {
      kind = "the number " + actual;
    }
    return new JsonException("'" + what + "' must be " + expected + " but is " + kind);
  }
}
