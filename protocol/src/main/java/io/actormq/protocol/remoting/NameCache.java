package io.actormq.protocol.remoting;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of header values that name things (topics, groups, brokers), shared across decodes: a
 * producer names the same topic and group in every request, so the decoder hands out the string it
 * made the last time it saw those bytes instead of a new one. That saves the allocation, and the
 * shared string keeps its cached hash code, so the broker's lookups by topic or group do not hash
 * it again.
 *
 * <p>A fixed table of {@value #SLOTS} slots indexed by a hash of the bytes; a slot holds the last
 * name that hashed there, so a miss costs one allocation more than no cache (its key copy) and the
 * table never grows, whatever the number of distinct names (at most about 1.5 MB when every slot
 * holds a name of the longest cached length). Entries are immutable and published through final
 * fields, so threads share the table without locks: a racy replacement only loses a cached name,
 * never returns a wrong one, since a hit compares every byte.
 */
final class NameCache {

  private NameCache() {}

  static final int SLOTS = 4096;

  // The slot is the hash's top bits: a multiplicative hash mixes upwards.
  private static final int SHIFT = Long.SIZE - Integer.numberOfTrailingZeros(SLOTS);

  /** Longer values are never names worth caching (RocketMQ topics are at most 127 characters). */
  static final int MAX_LENGTH = 128;

  private record Entry(byte[] key, String name) {}

  private static final Entry[] TABLE = new Entry[SLOTS];

  /** The value {@code src[off, off+len)} decoded as UTF-8, as {@link HeaderFields#valueAt} does. */
  static String name(byte[] src, int off, int len) {
    if (len > MAX_LENGTH) {
      return new String(src, off, len, StandardCharsets.UTF_8);
    }
    int slot = (int) (hash(src, off, len) >>> SHIFT);
    Entry e = TABLE[slot];
    if (e != null && Arrays.equals(e.key, 0, e.key.length, src, off, off + len)) {
      return e.name;
    }
    String name = new String(src, off, len, StandardCharsets.UTF_8);
    TABLE[slot] = new Entry(Arrays.copyOfRange(src, off, off + len), name);
    return name;
  }

  private static long hash(byte[] src, int off, int len) {
    long h = len;
    int i = off;
    int end = off + len;
    for (; end - i >= Long.BYTES; i += Long.BYTES) {
      h = (h ^ (long) JsonBytes.LONGS.get(src, i)) * 0x9E3779B97F4A7C15L;
    }
    for (; i < end; i++) {
      h = (h ^ src[i]) * 0x9E3779B97F4A7C15L;
    }
    return h;
  }
}
