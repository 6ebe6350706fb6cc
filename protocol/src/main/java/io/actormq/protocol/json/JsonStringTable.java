package io.actormq.protocol.json;

import java.util.Arrays;
import java.util.Collection;

/**
 * A fixed set of ASCII strings that {@link JsonReader#nextString(JsonStringTable)} returns as
 * shared instances instead of allocating copies.
 *
 * <p>Meant for the small vocabulary of a protocol (field names, enum constants): besides saving the
 * allocation, the shared instance has its hash cached and, when it is a Java literal, is the very
 * object later used for map lookups, so those become identity comparisons. Immutable and
 * thread-safe.
 *
 * <p>Entries are found without hashing: a bucket per (length, first byte, last byte) holds the few
 * candidates, which are then compared byte by byte.
 */
public final class JsonStringTable {

  private static final int MAX_LENGTH = 64;
  private static final String[] NONE = {};
  private static final byte[][] NO_BYTES = {};

  private final String[][] strings = new String[MAX_LENGTH * 128][];
  private final byte[][][] bytes = new byte[MAX_LENGTH * 128][][];
  private String empty;
  // Entries of MAX_LENGTH or more bytes, compared one by one (no protocol has any).
  private String[] longStrings = NONE;
  private byte[][] longBytes = NO_BYTES;

  /**
   * @param vocabulary the strings to share; each must be printable ASCII without {@code "} or
   *     {@code \}, since only such strings are read without unescaping
   */
  public JsonStringTable(Collection<String> vocabulary) {
    Arrays.fill(strings, NONE);
    Arrays.fill(bytes, NO_BYTES);
    for (String s : vocabulary) {
      byte[] b = new byte[s.length()];
      for (int i = 0; i < b.length; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
          throw new IllegalArgumentException("not plain printable ASCII: " + s);
        }
        b[i] = (byte) c;
      }
      // Literals are interned, so the table holds the instance callers use in their lookups.
      String shared = s.intern();
      if (b.length == 0) {
        empty = shared;
        continue;
      }
      if (b.length >= MAX_LENGTH) {
        longStrings = Arrays.copyOf(longStrings, longStrings.length + 1);
        longStrings[longStrings.length - 1] = shared;
        longBytes = Arrays.copyOf(longBytes, longBytes.length + 1);
        longBytes[longBytes.length - 1] = b;
        continue;
      }
      int k = bucket(b.length, b[0], b[b.length - 1]);
      if (Arrays.asList(strings[k]).contains(shared)) {
        continue;
      }
      strings[k] = Arrays.copyOf(strings[k], strings[k].length + 1);
      strings[k][strings[k].length - 1] = shared;
      bytes[k] = Arrays.copyOf(bytes[k], bytes[k].length + 1);
      bytes[k][bytes[k].length - 1] = b;
    }
  }

  private static int bucket(int len, byte first, byte last) {
    return (len << 7) | ((first ^ (last << 2)) & 0x7F);
  }

  /**
   * The shared string whose bytes are exactly {@code in[from, from+len)}, or null (also for bytes
   * outside printable ASCII).
   */
  public String find(byte[] in, int from, int len) {
    if (len <= 0 || len >= MAX_LENGTH) {
      return len == 0 ? empty : findLong(in, from, len);
    }
    int k = bucket(len, in[from], in[from + len - 1]);
    String[] candidates = strings[k];
    for (int c = 0; c < candidates.length; c++) {
      if (matches(bytes[k][c], in, from, len)) {
        return candidates[c];
      }
    }
    return null;
  }

  private String findLong(byte[] in, int from, int len) {
    for (int c = 0; c < longStrings.length; c++) {
      if (longBytes[c].length == len && Arrays.equals(longBytes[c], 0, len, in, from, from + len)) {
        return longStrings[c];
      }
    }
    return null;
  }

  // Names are short: a plain loop beats the vectorised Arrays.equals set-up cost.
  private static boolean matches(byte[] b, byte[] in, int from, int len) {
    for (int i = 1; i < len - 1; i++) {
      if (b[i] != in[from + i]) {
        return false;
      }
    }
    return b[0] == in[from] && b[len - 1] == in[from + len - 1];
  }
}
