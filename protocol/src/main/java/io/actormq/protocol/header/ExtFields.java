package io.actormq.protocol.header;

import io.actormq.protocol.remoting.HeaderFields;
import java.util.Map;

/**
 * Reading and writing typed values in a command's flat, all-string {@code extFields}.
 *
 * <p>Parsing follows RocketMQ's own header decoding: numbers in plain decimal, booleans true only
 * for {@code "true"} (any case) and false otherwise. Required accessors throw {@link
 * HeaderException} naming the field; optional ones return null when it is absent.
 */
public final class ExtFields {

  private ExtFields() {}

  public static String requireString(Map<String, String> ext, String name) {
    String v = get(ext, name);
    if (v == null) {
      throw missing(name);
    }
    return v;
  }

  public static String optString(Map<String, String> ext, String name) {
    return get(ext, name);
  }

  /**
   * As {@link #requireString}, for a value that names a topic, group or broker: decoded headers
   * share such strings between requests ({@link HeaderFields#nameAt}).
   */
  public static String requireName(Map<String, String> ext, String name) {
    if (ext instanceof HeaderFields h) {
      int i = h.indexOf(name);
      if (i < 0) {
        throw missing(name);
      }
      return h.nameAt(i);
    }
    return requireString(ext, name);
  }

  /** As {@link #optString}, for a value that names something (see {@link #requireName}). */
  public static String optName(Map<String, String> ext, String name) {
    if (ext instanceof HeaderFields h) {
      int i = h.indexOf(name);
      return i < 0 ? null : h.nameAt(i);
    }
    return get(ext, name);
  }

  public static int requireInt(Map<String, String> ext, String name) {
    if (ext instanceof HeaderFields h) {
      int i = h.indexOf(name);
      if (i < 0) {
        throw missing(name);
      }
      return intAt(h, i, name);
    }
    return parseInt(requireString(ext, name), name);
  }

  public static Integer optInt(Map<String, String> ext, String name) {
    if (ext instanceof HeaderFields h) {
      int i = h.indexOf(name);
      return i < 0 ? null : intAt(h, i, name);
    }
    String v = get(ext, name);
    return v == null ? null : parseInt(v, name);
  }

  public static int optInt(Map<String, String> ext, String name, int defaultValue) {
    if (ext instanceof HeaderFields h) {
      int i = h.indexOf(name);
      return i < 0 ? defaultValue : intAt(h, i, name);
    }
    String v = get(ext, name);
    return v == null ? defaultValue : parseInt(v, name);
  }

  public static long requireLong(Map<String, String> ext, String name) {
    if (ext instanceof HeaderFields h) {
      int i = h.indexOf(name);
      if (i < 0) {
        throw missing(name);
      }
      return longAt(h, i, name);
    }
    return parseLong(requireString(ext, name), name);
  }

  public static Long optLong(Map<String, String> ext, String name) {
    if (ext instanceof HeaderFields h) {
      int i = h.indexOf(name);
      return i < 0 ? null : longAt(h, i, name);
    }
    String v = get(ext, name);
    return v == null ? null : parseLong(v, name);
  }

  // Decoded headers: numbers straight from the header bytes, text only for the error message.
  private static int intAt(HeaderFields h, int i, String name) {
    try {
      return h.intAt(i);
    } catch (NumberFormatException e) {
      throw unparsable(name, "an int", h.valueAt(i));
    }
  }

  private static long longAt(HeaderFields h, int i, String name) {
    try {
      return h.longAt(i);
    } catch (NumberFormatException e) {
      throw unparsable(name, "a long", h.valueAt(i));
    }
  }

  public static boolean requireBoolean(Map<String, String> ext, String name) {
    if (ext instanceof HeaderFields h) {
      int i = h.indexOf(name);
      if (i < 0) {
        throw missing(name);
      }
      return h.booleanAt(i);
    }
    return Boolean.parseBoolean(requireString(ext, name));
  }

  public static Boolean optBoolean(Map<String, String> ext, String name) {
    if (ext instanceof HeaderFields h) {
      int i = h.indexOf(name);
      return i < 0 ? null : h.booleanAt(i);
    }
    String v = get(ext, name);
    return v == null ? null : Boolean.parseBoolean(v);
  }

  public static boolean optBoolean(Map<String, String> ext, String name, boolean defaultValue) {
    if (ext instanceof HeaderFields h) {
      int i = h.indexOf(name);
      return i < 0 ? defaultValue : h.booleanAt(i);
    }
    String v = get(ext, name);
    return v == null ? defaultValue : Boolean.parseBoolean(v);
  }

  /** Puts {@code value} unless it is null. */
  public static void put(Map<String, String> ext, String name, String value) {
    if (value != null) {
      ext.put(name, value);
    }
  }

  /** Puts {@code value} unless it is null. */
  public static void put(Map<String, String> ext, String name, Integer value) {
    if (value != null) {
      ext.put(name, value.toString());
    }
  }

  /** Puts {@code value} unless it is null. */
  public static void put(Map<String, String> ext, String name, Long value) {
    if (value != null) {
      ext.put(name, value.toString());
    }
  }

  /** Puts {@code value} unless it is null. */
  public static void put(Map<String, String> ext, String name, Boolean value) {
    if (value != null) {
      ext.put(name, value.toString());
    }
  }

  private static String get(Map<String, String> ext, String name) {
    return ext == null ? null : ext.get(name);
  }

  private static int parseInt(String v, String name) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw unparsable(name, "an int", v);
    }
  }

  private static long parseLong(String v, String name) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw unparsable(name, "a long", v);
    }
  }

  static HeaderException missing(String name) {
    return new HeaderException(name, "missing header field '" + name + "'");
  }

  static HeaderException unparsable(String name, String expected, String value) {
    String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    return new HeaderException(
        name, "header field '" + name + "' is not " + expected + ": '" + shown + "'");
  }
}
