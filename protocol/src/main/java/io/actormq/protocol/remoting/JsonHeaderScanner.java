package io.actormq.protocol.remoting;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One pass over a JSON header in the shape every known client writes: no whitespace, the header's
 * own fields with integer or plain string values, and an {@code extFields} object of string values.
 * Plain extFields values are not turned into strings here but stay byte ranges of the header (typed
 * headers parse numbers from them); escaped ones (a property string's separators) are validated and
 * unescaped in the same pass; header numbers are parsed from the bytes, and field names are matched
 * by length and bytes (the one-letter send keys by index) instead of being built and hashed.
 *
 * <p>Anything outside that shape (whitespace, unknown fields, nulls or numbers where strings are
 * usual, escapes in names or beyond U+00FF, non-ASCII beside escapes, malformed input) makes {@link
 * #decode} return null without having built anything visible, and the caller decodes the header
 * again with the general reader, which accepts every header it accepted before and raises the
 * protocol error for malformed ones. So the two paths cannot disagree on a result: this one only
 * answers for input whose meaning is unambiguous, and gives up otherwise.
 */
final class JsonHeaderScanner {

  private static final byte[] CODE = JsonHeaderCodec.ascii("code");
  private static final byte[] FLAG = JsonHeaderCodec.ascii("flag");
  private static final byte[] OPAQUE = JsonHeaderCodec.ascii("opaque");
  private static final byte[] REMARK = JsonHeaderCodec.ascii("remark");
  private static final byte[] VERSION = JsonHeaderCodec.ascii("version");
  private static final byte[] LANGUAGE = JsonHeaderCodec.ascii("language");
  private static final byte[] EXT_FIELDS = JsonHeaderCodec.ascii("extFields");
  private static final byte[] SERIALIZE_TYPE = JsonHeaderCodec.ascii("serializeTypeCurrentRPC");

  // A string scan that gives up; successful ones return the closing quote's index and flags.
  private static final long NOT_SIMPLE = -1;
  // An integer scan that gives up (no int is this value).
  private static final long NOT_INT = Long.MIN_VALUE;
  private static final long NON_ASCII = 1L << 33;

  private final byte[] in;
  private final int end;
  private int p;

  private JsonHeaderScanner(byte[] in, int off, int len) {
    this.in = in;
    this.p = off;
    this.end = off + len;
  }

  /**
   * The command encoded in {@code in[off, off+len)}, or null if the header is not in the simple
   * shape (see the class description); {@code body} may be null.
   */
  static RemotingCommand decode(byte[] in, int off, int len, ByteBuffer body) {
    return new JsonHeaderScanner(in, off, len).header(body);
  }

  private RemotingCommand header(ByteBuffer body) {
    int code = 0;
    LanguageCode language = LanguageCode.JAVA;
    int version = 0;
    int opaque = 0;
    int flag = 0;
    String remark = null;
    HeaderFields ext = null;
    if (!take('{')) {
      return null;
    }
    if (!take('}')) {
      do {
        int nameFrom = p + 1;
        long name = plainString();
        if (name < 0 || !take(':')) {
          return null;
        }
        int nameLen = (int) name - nameFrom;
        long number;
        switch (nameLen) {
          case 4 -> {
            boolean isCode = same(CODE, nameFrom);
            if ((!isCode && !same(FLAG, nameFrom)) || (number = intValue()) == NOT_INT) {
              return null;
            }
            if (isCode) {
              code = (int) number;
            } else {
              flag = (int) number;
            }
          }
          case 6 -> {
            if (same(OPAQUE, nameFrom)) {
              if ((number = intValue()) == NOT_INT) {
                return null;
              }
              opaque = (int) number;
            } else if (same(REMARK, nameFrom)) {
              if (takeNull()) {
                remark = null;
              } else {
                int from = p + 1;
                long s = string();
                if (s < 0) {
                  return null;
                }
                remark = text(from, (int) s - from, (s & NON_ASCII) != 0);
              }
            } else {
              return null;
            }
          }
          case 7 -> {
            if (!same(VERSION, nameFrom) || (number = intValue()) == NOT_INT) {
              return null;
            }
            version = (int) number;
          }
          case 8 -> {
            int from = p + 1;
            long s;
            if (!same(LANGUAGE, nameFrom) || (s = plainString()) < 0) {
              return null;
            }
            String known = JsonHeaderCodec.KNOWN.find(in, from, (int) s - from);
            language =
                LanguageCode.fromName(known != null ? known : text(from, (int) s - from, false));
          }
          case 9 -> {
            if (!same(EXT_FIELDS, nameFrom)) {
              return null;
            }
            if (takeNull()) {
              ext = null;
            } else if (take('{')) {
              ext = extFields();
              if (ext == FAILED) {
                return null;
              }
            } else {
              return null;
            }
          }
          case 23 -> {
            // Every Java client sends it; its value says nothing the frame does not.
            if (!same(SERIALIZE_TYPE, nameFrom) || plainString() < 0) {
              return null;
            }
          }
          default -> {
            return null;
          }
        }
      } while (take(','));
      if (!take('}')) {
        return null;
      }
    }
    if (p != end) {
      return null;
    }
    return RemotingCommand.wrap(code, language, version, opaque, flag, remark, ext, body);
  }

  // A marker for a failed extFields scan (null means an empty object, as the general reader has).
  private static final HeaderFields FAILED = new HeaderFields(new byte[0], 0);

  /** The members after the opening brace, through the closing one. */
  private HeaderFields extFields() {
    if (take('}')) {
      return null;
    }
    HeaderFields ext = new HeaderFields(in, 16);
    do {
      String name = name();
      if (name == null || !take(':') || p >= end || in[p] != '"') {
        return FAILED;
      }
      int from = p + 1;
      int i = from;
      while (end - i >= 8 && JsonBytes.specials((long) JsonBytes.LONGS.get(in, i)) == 0) {
        i += 8;
      }
      byte b = 0;
      while (i < end) {
        b = in[i];
        if (b == '"' || b == '\\' || b < 0x20) { // b < 0x20 also catches non-ASCII (negative)
          break;
        }
        i++;
      }
      if (i >= end) {
        return FAILED;
      }
      if (b == '"') {
        ext.addRaw(name, from, i - from);
        p = i + 1;
      } else if (b == '\\') {
        String value = escaped(from, i);
        if (value == null) {
          return FAILED;
        }
        ext.add(name, value);
      } else {
        long s = string();
        if (s < 0) {
          return FAILED;
        }
        ext.addRaw(name, from, (int) s - from); // UTF-8 that string() validated
      }
    } while (take(','));
    return take('}') ? ext : FAILED;
  }

  /** An extFields key: shared when known (the V2 send header's one-letter keys without a probe). */
  private String name() {
    if (end - p >= 3 && in[p] == '"' && in[p + 2] == '"') {
      byte c = in[p + 1];
      if (c >= 'a' && c <= 'z') {
        p += 3;
        return LETTERS[c - 'a'];
      }
    }
    int from = p + 1;
    long key = plainString();
    if (key < 0) {
      return null;
    }
    int len = (int) key - from;
    String name = JsonHeaderCodec.KNOWN.find(in, from, len);
    return name != null ? name : new String(in, from, len, StandardCharsets.ISO_8859_1);
  }

  private static final String[] LETTERS = new String[26];

  static {
    for (int i = 0; i < 26; i++) {
      LETTERS[i] = String.valueOf((char) ('a' + i)).intern();
    }
  }

  /**
   * A string value holding escapes, from its first escape at {@code first}: ASCII with escapes
   * below U+0100 (a property string's \\u0001 and \\u0002 separators) is unescaped into a compact
   * Latin-1 string in the same pass that validates it; null for anything else (wider escapes,
   * non-ASCII, control bytes, a bad escape), which the general reader then judges.
   */
  private String escaped(int from, int first) {
    byte[] out = scratch(end - from);
    int n = first - from;
    System.arraycopy(in, from, out, 0, n);
    int i = first;
    while (i < end) {
      if (end - i >= 8) {
        // Copy a word at a time up to the next special byte; out has room (n never exceeds i -
        // from).
        long x = (long) JsonBytes.LONGS.get(in, i);
        long t = JsonBytes.specials(x);
        JsonBytes.LONGS.set(out, n, x);
        if (t == 0) {
          i += 8;
          n += 8;
          continue;
        }
        int k = Long.numberOfTrailingZeros(t) >>> 3;
        i += k;
        n += k;
      }
      byte b = in[i];
      if (b == '"') {
        p = i + 1;
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (b == '\\') {
        if (i + 1 >= end) {
          return null;
        }
        byte e = in[i + 1];
        int c;
        if (e == 'u') {
          if (end - i < 6 || in[i + 2] != '0' || in[i + 3] != '0') {
            return null;
          }
          int hi = JsonBytes.HEX[in[i + 4] & 0xFF];
          int lo = JsonBytes.HEX[in[i + 5] & 0xFF];
          if ((hi | lo) < 0) {
            return null;
          }
          c = (hi << 4) | lo;
          i += 6;
        } else {
          c = JsonBytes.simpleEscape(e);
          if (c < 0) {
            return null;
          }
          i += 2;
        }
        out[n++] = (byte) c;
      } else if (b < 0x20) { // a control byte, or non-ASCII (negative)
        return null;
      } else {
        out[n++] = b;
        i++;
      }
    }
    return null;
  }

  // Holds unescaped values; an escaped value is never longer than the rest of the header.
  private byte[] scratch;

  private byte[] scratch(int min) {
    if (scratch == null || scratch.length < min) {
      scratch = new byte[min];
    }
    return scratch;
  }

  private boolean take(char c) {
    if (p < end && in[p] == c) {
      p++;
      return true;
    }
    return false;
  }

  private boolean takeNull() {
    if (end - p >= 4 && in[p] == 'n' && in[p + 1] == 'u' && in[p + 2] == 'l' && in[p + 3] == 'l') {
      p += 4;
      return true;
    }
    return false;
  }

  private boolean same(byte[] name, int from) {
    for (int i = 0; i < name.length; i++) {
      if (in[from + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * An integer in JSON syntax that fits an int and is followed by a delimiter, or {@link #NOT_INT}
   * (also for leading zeros, fractions and exponents, which the general reader judges).
   */
  private long intValue() {
    int i = p;
    boolean negative = i < end && in[i] == '-';
    if (negative) {
      i++;
    }
    int first = i;
    long v = 0;
    while (i < end && i - first < 11) {
      int d = in[i] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      v = v * 10 + d;
      i++;
    }
    int digits = i - first;
    if (digits == 0
        || digits > 10
        || (digits > 1 && in[first] == '0')
        || i >= end
        || (in[i] != ',' && in[i] != '}')) {
      return NOT_INT;
    }
    v = negative ? -v : v;
    if (v != (int) v) {
      return NOT_INT;
    }
    p = i;
    return v;
  }

  /** A string of plain ASCII (no escapes); returns its closing quote's index, or a negative. */
  private long plainString() {
    if (p >= end || in[p] != '"') {
      return NOT_SIMPLE;
    }
    for (int i = p + 1; i < end; i++) {
      byte b = in[i];
      if (b == '"') {
        p = i + 1;
        return i;
      }
      if (b == '\\' || b < 0x20) { // b < 0x20 also catches non-ASCII (negative)
        return NOT_SIMPLE;
      }
    }
    return NOT_SIMPLE;
  }

  /**
   * A string without escapes, ASCII or valid UTF-8; returns its closing quote's index, with {@link
   * #NON_ASCII} set if it holds non-ASCII bytes, or a negative.
   */
  private long string() {
    if (p >= end || in[p] != '"') {
      return NOT_SIMPLE;
    }
    boolean nonAscii = false;
    for (int i = p + 1; i < end; i++) {
      byte b = in[i];
      if (b == '"') {
        if (nonAscii && !JsonBytes.validUtf8(in, p + 1, i)) {
          return NOT_SIMPLE;
        }
        p = i + 1;
        return i | (nonAscii ? NON_ASCII : 0);
      }
      if (b == '\\' || (b >= 0 && b < 0x20)) {
        return NOT_SIMPLE;
      }
      nonAscii |= b < 0;
    }
    return NOT_SIMPLE;
  }

  private String text(int from, int len, boolean nonAscii) {
    return new String(
        in, from, len, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
  }
}
