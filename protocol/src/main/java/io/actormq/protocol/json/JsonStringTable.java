package io.actormq.protocol.json;

import java.util.Collection;

/**
 * A fixed set of ASCII strings that {@link JsonReader#nextString(JsonStringTable)} returns as
 * shared instances instead of allocating copies.
 *
 * <p>Meant for the small vocabulary of a protocol (field names, enum constants): besides saving the
 * allocation, the shared instance has its hash cached and, when it is a Java literal, is the very
 * object later used for map lookups, so those become identity comparisons. Immutable and
 * thread-safe.
 */
public final class JsonStringTable {

  private final String[] strings;
  private final byte[][] bytes;
  private final int[] hashes;
  private final int mask;

  /**
   * @param vocabulary the strings to share; each must be printable ASCII without {@code "} or
   *     {@code \}, since only such strings are read without unescaping
   */
  public JsonStringTable(Collection<String> vocabulary) {
    int size = Integer.highestOneBit(Math.max(4, vocabulary.size() * 2) - 1) << 1;
    strings = new String[size];
    bytes = new byte[size][];
    hashes = new int[size];
    mask = size - 1;
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
      int slot = slot(shared.hashCode());
      while (strings[slot] != null && !strings[slot].equals(shared)) {
        slot = (slot + 1) & mask;
      }
      strings[slot] = shared;
      bytes[slot] = b;
      hashes[slot] = shared.hashCode();
    }
  }

  /**
   * The shared string equal to {@code in[from, from+len)}, or null. {@code hash} must be {@link
   * String#hashCode()} of those bytes read as Latin-1.
   */
  String find(byte[] in, int from, int len, int hash) {
    int slot = slot(hash);
    while (true) {
      String s = strings[slot];
      if (s == null) {
        return null;
      }
      if (hashes[slot] == hash && matches(bytes[slot], in, from, len)) {
        return s;
      }
      slot = (slot + 1) & mask;
    }
  }

  // Names are short: a plain loop beats the vectorised Arrays.equals set-up cost.
  private static boolean matches(byte[] b, byte[] in, int from, int len) {
    if (b.length != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (b[i] != in[from + i]) {
        return false;
      }
    }
    return true;
  }

  private int slot(int hash) {
    return (hash ^ (hash >>> 16)) & mask;
  }
}
