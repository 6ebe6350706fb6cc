package io.actormq.protocol.remoting;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The extFields of a decoded command, kept as ranges of the header bytes until someone asks for a
 * value: {@link #get} decodes only the value asked for, and the typed headers' {@code
 * fromExtFields} (through {@code ExtFields}) parse numbers straight from the bytes, so reading a
 * typed header allocates neither a hash map nor the text of its numbers.
 *
 * <p>Behaves exactly like the unmodifiable {@code HashMap} the decoders used to build: a repeated
 * key keeps its last value, iteration order and {@code equals}/{@code hashCode} are those of that
 * map (which is built on the first call that needs all entries). Immutable and thread-safe; the
 * header bytes must stay untouched, as for the command's body. The map refers to the frame's bytes,
 * so code that keeps extFields long after the command should copy them ({@code new HashMap<>(m)}).
 */
public final class HeaderFields extends AbstractMap<String, String> {

  private final byte[] src;
  private String[] keys;
  // Per entry: offset and length of the raw value in src (UTF-8), or -1 offset when decoded.
  private int[] ranges;
  // Decoded values; filled lazily for raw entries (a racy fill writes equal immutable strings).
  private String[] values;
  private int count;
  // Keys of one lowercase letter (the short names of the V2 send header) are found without a
  // scan: 4 bits per letter (a-p in the low word, q-z in the high one) hold 1 + the index of the
  // letter's last entry, 0 when absent. Packed into two longs so the index costs no allocation.
  private long lettersLow;
  private long lettersHigh;
  // Set when a letter key lands at an index 4 bits cannot hold; lookups then scan.
  private boolean lettersOverflowed;
  private volatile Map<String, String> map;

  HeaderFields(byte[] src, int capacity) {
    this.src = src;
    int c = Math.max(capacity, 4);
    keys = new String[c];
    ranges = new int[2 * c];
    values = new String[c];
  }

  /** Adds an entry whose value is the UTF-8 text {@code src[off, off+len)}, decoded lazily. */
  void addRaw(String key, int off, int len) {
    addRaw(key, letter(key), off, len);
  }

  /** {@link #addRaw(String, int, int)} for a caller that knows the key's {@link #letter}. */
  void addRaw(String key, int letter, int off, int len) {
    int i = slot(letter);
    keys[i] = key;
    ranges[2 * i] = off;
    ranges[2 * i + 1] = len;
  }

  /** Adds an entry with an already decoded value. */
  void add(String key, String value) {
    add(key, letter(key), value);
  }

  /** {@link #add(String, String)} for a caller that knows the key's {@link #letter}. */
  void add(String key, int letter, String value) {
    int i = slot(letter);
    keys[i] = key;
    ranges[2 * i] = -1;
    values[i] = value;
  }

  private int slot(int letter) {
    if (count == keys.length) {
      int c = count * 2;
      keys = java.util.Arrays.copyOf(keys, c);
      values = java.util.Arrays.copyOf(values, c);
      ranges = java.util.Arrays.copyOf(ranges, 2 * c);
    }
    int i = count++;
    if (letter >= 0) {
      if (i >= 15) {
        lettersOverflowed = true;
      } else if (letter < 16) {
        int shift = 4 * letter;
        lettersLow = (lettersLow & ~(0xFL << shift)) | ((long) (i + 1) << shift);
      } else {
        int shift = 4 * (letter - 16);
        lettersHigh = (lettersHigh & ~(0xFL << shift)) | ((long) (i + 1) << shift);
      }
    }
    return i;
  }

  /** 0-25 for a key that is one letter a-z, else -1. */
  static int letter(String key) {
    if (key.length() != 1) {
      return -1;
    }
    int c = key.charAt(0) - 'a';
    return c >= 0 && c < 26 ? c : -1;
  }

  /** The index of the entry named {@code name} (the last one if repeated), or -1. */
  public int indexOf(String name) {
    if (name == null) {
      return -1;
    }
    int letter = lettersOverflowed ? -1 : letter(name);
    if (letter >= 0) {
      long word = letter < 16 ? lettersLow >>> (4 * letter) : lettersHigh >>> (4 * (letter - 16));
      return (int) (word & 0xF) - 1;
    }
    // Hashes are cached in both strings, so a mismatch costs one int comparison.
    int h = name.hashCode();
    for (int i = count - 1; i >= 0; i--) {
      String k = keys[i];
      if (k == name || (k.hashCode() == h && k.equals(name))) {
        return i;
      }
    }
    return -1;
  }

  /** The value of the entry at {@code index} (from {@link #indexOf}). */
  public String valueAt(int index) {
    String v = values[index];
    if (v == null) {
      v = new String(src, ranges[2 * index], ranges[2 * index + 1], StandardCharsets.UTF_8);
      values[index] = v;
    }
    return v;
  }

  /**
   * The value at {@code index}, for a value that names something (a topic, a group, a broker): as
   * {@link #valueAt}, but the string is shared with earlier decodes of the same bytes (see {@link
   * NameCache}), so a repeated name costs no allocation and keeps its cached hash code.
   */
  public String nameAt(int index) {
    String v = values[index];
    if (v == null) {
      v = NameCache.name(src, ranges[2 * index], ranges[2 * index + 1]);
      values[index] = v;
    }
    return v;
  }

  /**
   * The value at {@code index} parsed as {@link Long#parseLong} would, reading the raw bytes when
   * they are plain decimal.
   *
   * @throws NumberFormatException as {@link Long#parseLong} does
   */
  public long longAt(int index) {
    if (ranges[2 * index] >= 0) {
      long v = parseDecimal(src, ranges[2 * index], ranges[2 * index + 1]);
      if (v != NOT_PLAIN) {
        return v;
      }
    }
    return Long.parseLong(valueAt(index));
  }

  /**
   * The value at {@code index} parsed as {@link Integer#parseInt} would.
   *
   * @throws NumberFormatException as {@link Integer#parseInt} does
   */
  public int intAt(int index) {
    if (ranges[2 * index] >= 0) {
      long v = parseDecimal(src, ranges[2 * index], ranges[2 * index + 1]);
      if (v != NOT_PLAIN && v == (int) v) {
        return (int) v;
      }
    }
    return Integer.parseInt(valueAt(index));
  }

  /**
   * The value at {@code index} parsed as {@link Boolean#parseBoolean} would, comparing the raw
   * bytes when they are ASCII (so no string is built for {@code "false"}).
   */
  public boolean booleanAt(int index) {
    int off = ranges[2 * index];
    if (off >= 0) {
      int len = ranges[2 * index + 1];
      if (len != 4) {
        return false; // "true" in any case is four ASCII letters, and nothing else is 4 bytes
      }
      int folded = 0;
      for (int i = 0; i < 4; i++) {
        byte b = src[off + i];
        if (b < 0) {
          return Boolean.parseBoolean(valueAt(index));
        }
        folded = (folded << 8) | (b | 0x20); // ASCII lower case; other bytes cannot fold to it
      }
      return folded == TRUE_LOWER;
    }
    return Boolean.parseBoolean(valueAt(index));
  }

  private static final int TRUE_LOWER = ('t' << 24) | ('r' << 16) | ('u' << 8) | 'e';

  // A value no plain decimal of at most 18 digits can produce.
  private static final long NOT_PLAIN = Long.MIN_VALUE;

  /** Optional sign and 1 to 18 ASCII digits, else {@link #NOT_PLAIN}. */
  static long parseDecimal(byte[] b, int off, int len) {
    if (len <= 0) {
      return NOT_PLAIN;
    }
    int i = off;
    int end = off + len;
    boolean negative = false;
    byte first = b[i];
    if (first == '-' || first == '+') {
      negative = first == '-';
      i++;
    }
    int digits = end - i;
    if (digits <= 0 || digits > 18) {
      return NOT_PLAIN;
    }
    long v = 0;
    for (; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return NOT_PLAIN;
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  @Override
  public String get(Object key) {
    int i = key instanceof String s ? indexOf(s) : -1;
    return i < 0 ? null : valueAt(i);
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String s && indexOf(s) >= 0;
  }

  @Override
  public boolean isEmpty() {
    return count == 0;
  }

  @Override
  public int size() {
    return materialised().size();
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return materialised().entrySet();
  }

  @Override
  public boolean equals(Object o) {
    return o == this || materialised().equals(o);
  }

  @Override
  public int hashCode() {
    return materialised().hashCode();
  }

  @Override
  public String toString() {
    return materialised().toString();
  }

  private Map<String, String> materialised() {
    Map<String, String> m = map;
    if (m == null) {
      HashMap<String, String> all = new HashMap<>((int) (count / 0.75f) + 1);
      for (int i = 0; i < count; i++) {
        all.put(keys[i], valueAt(i));
      }
      m = Collections.unmodifiableMap(all);
      map = m;
    }
    return m;
  }
}
