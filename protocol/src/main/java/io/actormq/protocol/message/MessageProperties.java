package io.actormq.protocol.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The property string of a message: {@code k\u0001v\u0002k\u0001v\u0002...} in UTF-8, at most
 * {@value #MAX_ENCODED_LENGTH} bytes (its length is an i16 in the record).
 *
 * <p>Parsing follows the RocketMQ client exactly, because a stored record is read by it: an entry
 * without a separator, with an empty name or with an empty value is ignored, the value runs to the
 * next {@code \u0002} (so it may contain {@code \u0001}), the last entry may omit its trailing
 * {@code \u0002}, and a repeated name keeps its last value. The byte-level lookups work because
 * UTF-8 never uses the bytes 0x01 and 0x02 inside a multi-byte character.
 */
public final class MessageProperties {

  public static final char NAME_VALUE_SEPARATOR = '\u0001';
  public static final char PROPERTY_SEPARATOR = '\u0002';

  /** The encoded property string is stored with an i16 length. */
  public static final int MAX_ENCODED_LENGTH = Short.MAX_VALUE;

  // Client -> broker.
  public static final String TAGS = "TAGS";
  public static final String KEYS = "KEYS";
  public static final String WAIT = "WAIT";
  public static final String DELAY = "DELAY";
  public static final String UNIQ_KEY = "UNIQ_KEY";
  public static final String TRAN_MSG = "TRAN_MSG";
  public static final String PGROUP = "PGROUP";
  public static final String TRANSACTION_ID = "__transactionId__";
  public static final String INSTANCE_ID = "INSTANCE_ID";
  public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
  public static final String TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
  public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";
  public static final String CHECK_IMMUNITY_TIME_IN_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";
  public static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
  public static final String BUYER_ID = "BUYER_ID";
  public static final String SHARDING_KEY = "__SHARDINGKEY";
  public static final String TRACE_CONTEXT = "TRACE_CONTEXT";
  public static final String CORRELATION_ID = "CORRELATION_ID";
  public static final String REPLY_TO_CLIENT = "REPLY_TO_CLIENT";
  public static final String MESSAGE_TTL = "TTL";
  public static final String MESSAGE_TYPE = "MSG_TYPE";
  public static final String BORN_TIMESTAMP = "BORN_TIMESTAMP";

  // Set by the broker.
  public static final String RETRY_TOPIC = "RETRY_TOPIC";
  public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
  public static final String REAL_TOPIC = "REAL_TOPIC";
  public static final String REAL_QID = "REAL_QID";
  public static final String CLUSTER = "CLUSTER";
  public static final String RECONSUME_TIME = "RECONSUME_TIME";
  public static final String TRANSACTION_CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
  public static final String TRAN_PREPARED_QUEUE_OFFSET = "TRAN_PREPARED_QUEUE_OFFSET";
  public static final String MSG_REGION = "MSG_REGION";
  public static final String TRACE_ON = "TRACE_ON";
  public static final String ORIGIN_GROUP = "ORIGIN_GROUP";
  public static final String DLQ_ORIGIN_TOPIC = "DLQ_ORIGIN_TOPIC";
  public static final String DLQ_ORIGIN_MESSAGE_ID = "DLQ_ORIGIN_MESSAGE_ID";
  public static final String TIMER_ENQUEUE_MS = "TIMER_ENQUEUE_MS";
  public static final String TIMER_OUT_MS = "TIMER_OUT_MS";

  // Set by the client on received messages; a broker ignores them.
  public static final String MIN_OFFSET = "MIN_OFFSET";
  public static final String MAX_OFFSET = "MAX_OFFSET";
  public static final String CONSUME_START_TIME = "CONSUME_START_TIME";

  /** Names starting with this are never stored by a RocketMQ broker. */
  public static final String TRANSIENT_PREFIX = "__RMQ.TRANSIENT.";

  /** Separator of the keys inside the {@link #KEYS} value. */
  public static final char KEY_SEPARATOR = ' ';

  private MessageProperties() {}

  /**
   * Encodes a map; null values are skipped (as the client does).
   *
   * @throws MessageFormatException if a name is empty, a name or value contains a separator, or the
   *     result exceeds {@value #MAX_ENCODED_LENGTH} UTF-8 bytes
   */
  public static String encode(Map<String, String> properties) {
    if (properties == null || properties.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(properties.size() * 24);
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getValue() != null) {
        append(sb, e.getKey(), e.getValue());
      }
    }
    String s = sb.toString();
    checkLength(s);
    return s;
  }

  /** Parses a property string, keeping entry order. */
  public static Map<String, String> decode(CharSequence properties) {
    if (properties == null) {
      return new LinkedHashMap<>();
    }
    String s = properties.toString();
    int len = s.length();
    // A message usually carries a handful of properties: a table of 8 holds 6 before resizing.
    Map<String, String> map = new LinkedHashMap<>(len < 128 ? 8 : 16);
    // String.indexOf is vectorised: two separator searches beat one char-by-char loop. The
    // name/value separator found last is kept while it lies ahead, so the work stays linear even
    // for entries without one.
    int start = 0;
    int sep = -1;
    while (start < len) {
      int end = s.indexOf(PROPERTY_SEPARATOR, start);
      if (end < 0) {
        end = len;
      }
      if (sep < start) {
        sep = s.indexOf(NAME_VALUE_SEPARATOR, start);
        if (sep < 0) {
          sep = len;
        }
      }
      // sep is the entry's first separator when it lies before the entry's end.
      if (sep > start && sep < end - 1) {
        map.put(name(s, start, sep), s.substring(sep + 1, end));
      }
      start = end + 1;
    }
    return map;
  }

  // Names nearly every message carries, shared instead of allocated per decode.
  private static String name(String s, int start, int end) {
    String common =
        switch (end - start) {
          case 4 -> s.charAt(start) == 'T' ? TAGS : s.charAt(start) == 'K' ? KEYS : WAIT;
          case 8 -> s.charAt(start) == 'U' ? UNIQ_KEY : TRACE_ON;
          case 10 -> MSG_REGION;
          default -> null;
        };
    return common != null && s.startsWith(common, start) ? common : s.substring(start, end);
  }

  /** Parses {@code len} UTF-8 bytes at {@code pos} without moving the buffer. */
  public static Map<String, String> decode(ByteBuffer buf, int pos, int len) {
    return decode(Utf8.decode(buf, pos, len));
  }

  /** The value of {@code name} in an encoded property string, or null. */
  public static String get(String properties, String name) {
    if (properties == null || properties.isEmpty()) {
      return null;
    }
    String found = null;
    int len = properties.length();
    int start = 0;
    while (start < len) {
      int end = properties.indexOf(PROPERTY_SEPARATOR, start);
      if (end < 0) {
        end = len;
      }
      int sep = indexOf(properties, NAME_VALUE_SEPARATOR, start, end);
      if (sep > start
          && sep < end - 1
          && sep - start == name.length()
          && properties.startsWith(name, start)) {
        found = properties.substring(sep + 1, end); // keep scanning: the last one wins
      }
      start = end + 1;
    }
    return found;
  }

  /**
   * {@code properties} with {@code name} set to {@code value} (replacing every earlier entry of
   * that name), or removed when {@code value} is null.
   */
  public static String put(String properties, String name, String value) {
    checkName(name);
    String base = remove(properties, name);
    if (value == null) {
      return base;
    }
    StringBuilder sb = new StringBuilder(base.length() + name.length() + value.length() + 3);
    sb.append(base);
    if (!base.isEmpty() && base.charAt(base.length() - 1) != PROPERTY_SEPARATOR) {
      sb.append(PROPERTY_SEPARATOR);
    }
    append(sb, name, value);
    return sb.toString();
  }

  /**
   * {@code properties} without any entry named {@code name}; entries that parse to nothing stay.
   */
  public static String remove(String properties, String name) {
    if (properties == null || properties.isEmpty()) {
      return "";
    }
    if (get(properties, name) == null) {
      return properties;
    }
    StringBuilder sb = new StringBuilder(properties.length());
    int len = properties.length();
    int start = 0;
    while (start < len) {
      int end = properties.indexOf(PROPERTY_SEPARATOR, start);
      if (end < 0) {
        end = len;
      }
      int sep = indexOf(properties, NAME_VALUE_SEPARATOR, start, end);
      boolean named =
          sep > start && sep - start == name.length() && properties.startsWith(name, start);
      if (!named) {
        sb.append(properties, start, end).append(PROPERTY_SEPARATOR);
      }
      start = end + 1;
    }
    return sb.toString();
  }

  /**
   * Concatenates two property strings (for example a batch-level suffix onto an entry's own),
   * adding the separator the first may lack. Entries of {@code extra} win on repeated names.
   */
  public static String concat(String properties, String extra) {
    if (extra == null || extra.isEmpty()) {
      return properties == null ? "" : properties;
    }
    if (properties == null || properties.isEmpty()) {
      return extra;
    }
    if (properties.charAt(properties.length() - 1) == PROPERTY_SEPARATOR) {
      return properties + extra;
    }
    return properties + PROPERTY_SEPARATOR + extra;
  }

  /** UTF-8 length of an encoded property string. */
  public static int encodedLength(CharSequence properties) {
    return properties == null ? 0 : Utf8.encodedLength(properties);
  }

  /**
   * Fails if the string does not fit the record's i16 length.
   *
   * @return its UTF-8 length
   */
  public static int checkLength(CharSequence properties) {
    int n = encodedLength(properties);
    if (n > MAX_ENCODED_LENGTH) {
      throw new MessageFormatException(
          "properties are " + n + " bytes, more than the " + MAX_ENCODED_LENGTH + " allowed");
    }
    return n;
  }

  /** The individual keys of a {@link #KEYS} value: split on spaces, empty pieces dropped. */
  public static List<String> splitKeys(String keys) {
    List<String> out = new ArrayList<>(2);
    if (keys == null) {
      return out;
    }
    int len = keys.length();
    int start = 0;
    while (start < len) {
      int end = keys.indexOf(KEY_SEPARATOR, start);
      if (end < 0) {
        end = len;
      }
      if (end > start) {
        out.add(keys.substring(start, end));
      }
      start = end + 1;
    }
    return out;
  }

  /**
   * Finds the value of {@code name} in the encoded property bytes {@code [pos, pos+len)} without
   * decoding them or moving the buffer.
   *
   * @return {@code -1} if absent, else the value's absolute position in the high 32 bits and its
   *     byte length in the low 32 bits (see {@link #rangeOffset} and {@link #rangeLength})
   */
  public static long find(ByteBuffer buf, int pos, int len, String name) {
    byte[] key = lookupName(name);
    if (key == null) {
      return -1;
    }
    byte[] nameBytes = key == ASCII_NAME ? null : key;
    int nameLen = nameBytes == null ? name.length() : nameBytes.length;
    return PropertyScan.find(buf, pos, pos + len, name, nameBytes, nameLen);
  }

  /** What {@link #lookupName} answers for a name whose chars are its bytes. */
  static final byte[] ASCII_NAME = new byte[0];

  /**
   * How a lookup compares {@code name} with an entry's bytes: {@link #ASCII_NAME} when its chars
   * are its bytes (no allocation), its UTF-8 bytes otherwise, or null when no entry can carry it
   * (empty, or holding a separator, so it cannot be an entry's name).
   */
  static byte[] lookupName(String name) {
    boolean ascii = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == NAME_VALUE_SEPARATOR || c == PROPERTY_SEPARATOR) {
        return null;
      }
      ascii &= c < 0x80;
    }
    if (name.isEmpty()) {
      return null;
    }
    return ascii ? ASCII_NAME : name.getBytes(StandardCharsets.UTF_8);
  }

  /** Absolute position of a value found by {@link #find}. */
  public static int rangeOffset(long range) {
    return (int) (range >>> 32);
  }

  /** Byte length of a value found by {@link #find}. */
  public static int rangeLength(long range) {
    return (int) range;
  }

  // Bounded to the entry so that a long run of malformed entries stays linear.
  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return to;
  }

  private static void append(StringBuilder sb, String name, String value) {
    checkName(name);
    if (value.indexOf(PROPERTY_SEPARATOR) >= 0 || value.indexOf(NAME_VALUE_SEPARATOR) >= 0) {
      throw new MessageFormatException("value of property '" + name + "' contains a separator");
    }
    sb.append(name).append(NAME_VALUE_SEPARATOR).append(value).append(PROPERTY_SEPARATOR);
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new MessageFormatException("property name is empty");
    }
    if (name.indexOf(PROPERTY_SEPARATOR) >= 0 || name.indexOf(NAME_VALUE_SEPARATOR) >= 0) {
      throw new MessageFormatException("property name contains a separator: " + name);
    }
  }
}
