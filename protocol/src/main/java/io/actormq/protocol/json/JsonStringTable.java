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
 *
 * <p>Entries sit in a small open-addressing table keyed by {@link String#hashCode()}, which the
 * reader computes in the same pass that finds the end of the string. The table is kept small (a few
 * KiB for a hundred entries) on purpose: a lookup touches one or two cache lines, where an earlier
 * design with a bucket per (length, first byte, last byte) spread 64 KiB of arrays and missed the
 * cache on a busy machine. One-byte strings (the V2 send header's keys) are found by direct index.
 */
public final class JsonStringTable {

  private final int mask;
  private final int[] hashes;
  private final byte[][] bytes;
  private final String[] strings;
  private final String[] single = new String[128];
  private String empty;

  /**
   * @param vocabulary the strings to share; each must be printable ASCII without {@code "} or
   *     {@code \}, since only such strings are read without unescaping
   */
  public JsonStringTable(Collection<String> vocabulary) {
    int capacity = Integer.highestOneBit(Math.max(4, vocabulary.size()) * 2 - 1) << 1;
    mask = capacity - 1;
    hashes = new int[capacity];
    bytes = new byte[capacity][];
    strings = new String[capacity];
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
      } else if (b.length == 1) {
        single[b[0]] = shared;
      } else if (find(shared.hashCode(), b, 0, b.length) == null) {
        int slot = slot(shared.hashCode());
        while (bytes[slot] != null) {
          slot = (slot + 1) & mask;
        }
        hashes[slot] = shared.hashCode();
        bytes[slot] = b;
        strings[slot] = shared;
      }
    }
  }

  private int slot(int hash) {
    return (hash ^ (hash >>> 11) ^ (hash >>> 22)) & mask;
  }

  /**
   * The shared string whose bytes are exactly {@code in[from, from+len)}, or null (also for bytes
   * outside printable ASCII).
   */
  public String find(byte[] in, int from, int len) {
    if (len <= 1) {
      return find(0, in, from, len);
    }
    int h = 0;
    for (int i = from; i < from + len; i++) {
      h = 31 * h + in[i];
    }
    return find(h, in, from, len);
  }

  /**
   * As {@link #find(byte[], int, int)} given {@code hash}, the {@code String.hashCode()} of the
   * bytes read as Latin-1 (the reader computes it while scanning); a wrong hash finds nothing.
   */
  String find(int hash, byte[] in, int from, int len) {
    if (len <= 1) {
      if (len == 0) {
        return empty;
      }
      byte b = in[from];
      return b >= 0 ? single[b] : null;
    }
    for (int slot = slot(hash); ; slot = (slot + 1) & mask) {
      byte[] candidate = bytes[slot];
      if (candidate == null) {
        return null;
      }
      if (hashes[slot] == hash && candidate.length == len && matches(candidate, in, from, len)) {
        return strings[slot];
      }
    }
  }

  // Names are short: a plain loop beats the vectorised Arrays.equals set-up cost.
  private static boolean matches(byte[] b, byte[] in, int from, int len) {
    for (int i = 0; i < len; i++) {
      if (b[i] != in[from + i]) {
        return false;
      }
    }
    return true;
  }
}
