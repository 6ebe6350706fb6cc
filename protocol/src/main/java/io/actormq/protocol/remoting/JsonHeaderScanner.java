package io.actormq.protocol.remoting;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

  // The header's own members: each name with its closing quote and colon, matched in one compare
  // after a dispatch on its first letter (names are never scanned and then compared).
  private static final int UNKNOWN = 0;
  private static final int CODE = 1;
  private static final int FLAG = 2;
  private static final int OPAQUE = 3;
  private static final int REMARK = 4;
  private static final int VERSION = 5;
  private static final int LANGUAGE = 6;
  private static final int EXT_FIELDS = 7;
  private static final int SERIALIZE_TYPE = 8;
  private static final byte[] CODE_NAME = JsonHeaderCodec.ascii("\"code\":");
  private static final byte[] FLAG_NAME = JsonHeaderCodec.ascii("\"flag\":");
  private static final byte[] OPAQUE_NAME = JsonHeaderCodec.ascii("\"opaque\":");
  private static final byte[] REMARK_NAME = JsonHeaderCodec.ascii("\"remark\":");
  private static final byte[] VERSION_NAME = JsonHeaderCodec.ascii("\"version\":");
  private static final byte[] LANGUAGE_NAME = JsonHeaderCodec.ascii("\"language\":");
  private static final byte[] EXT_FIELDS_NAME = JsonHeaderCodec.ascii("\"extFields\":");
  private static final byte[] SERIALIZE_TYPE_NAME =
      JsonHeaderCodec.ascii("\"serializeTypeCurrentRPC\":");
  private static final byte[] QUOTED_JAVA = JsonHeaderCodec.ascii("\"JAVA\"");

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
        long number;
        switch (member()) {
          case CODE -> {
            if ((number = intValue()) == NOT_INT) {
              return null;
            }
            code = (int) number;
          }
          case FLAG -> {
            if ((number = intValue()) == NOT_INT) {
              return null;
            }
            flag = (int) number;
          }
          case OPAQUE -> {
            if ((number = intValue()) == NOT_INT) {
              return null;
            }
            opaque = (int) number;
          }
          case REMARK -> {
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
          }
          case VERSION -> {
            if ((number = intValue()) == NOT_INT) {
              return null;
            }
            version = (int) number;
          }
          case LANGUAGE -> {
            if (matches(QUOTED_JAVA)) {
              language = LanguageCode.JAVA;
            } else {
              int from = p + 1;
              long s = plainString();
              if (s < 0) {
                return null;
              }
              String known = JsonHeaderCodec.KNOWN.find(in, from, (int) s - from);
              language =
                  LanguageCode.fromName(known != null ? known : text(from, (int) s - from, false));
            }
          }
          case EXT_FIELDS -> {
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
          case SERIALIZE_TYPE -> {
            // Every Java client sends it; its value says nothing the frame does not.
            if (plainString() < 0) {
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
    // Locals, not fields, in the loop: the JIT keeps them in registers across the calls below.
    byte[] in = this.in;
    int end = this.end;
    int p = this.p;
    HeaderFields ext = new HeaderFields(in, 16);
    while (true) {
      String name;
      int letter;
      if (end - p >= 4
          && in[p] == '"'
          && in[p + 2] == '"'
          && in[p + 3] == ':'
          && (letter = in[p + 1] - 'a') >= 0
          && letter < 26) {
        // The V2 send header's one-letter keys, shared and without a probe.
        name = LETTERS[letter];
        p += 4;
      } else {
        this.p = p;
        name = name();
        if (name == null || !take(':')) {
          return FAILED;
        }
        // Derived, not assumed: the letter index must match the key whichever path read it.
        letter = HeaderFields.letter(name);
        p = this.p;
      }
      if (p >= end || in[p] != '"') {
        return FAILED;
      }
      int from = p + 1;
      int i = from;
      byte b;
      while (true) {
        if (end - i >= 8) {
          long t = JsonBytes.specials((long) JsonBytes.LONGS.get(in, i));
          if (t == 0) {
            i += 8;
            continue;
          }
          i += Long.numberOfTrailingZeros(t) >>> 3;
          b = in[i];
          break;
        }
        if (i >= end) {
          return FAILED;
        }
        b = in[i];
        if (b == '"' || b == '\\' || b < 0x20) { // b < 0x20 also catches non-ASCII (negative)
          break;
        }
        i++;
      }
      if (b == '"') {
        ext.addRaw(name, letter, from, i - from);
        p = i + 1;
      } else if (b == '\\') {
        String value = escaped(from, i);
        if (value == null) {
          return FAILED;
        }
        ext.add(name, letter, value);
        p = this.p;
      } else {
        this.p = p;
        long s = string();
        if (s < 0) {
          return FAILED;
        }
        ext.addRaw(name, letter, from, (int) s - from); // UTF-8 that string() validated
        p = this.p;
      }
      if (p < end && in[p] == ',') {
        p++;
      } else {
        break;
      }
    }
    this.p = p;
    return take('}') ? ext : FAILED;
  }

  /** An extFields key the one-letter test did not take: shared when known. */
  private String name() {
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

  /**
   * The member whose name (with quote and colon) starts at p, consumed; {@link #UNKNOWN} if none.
   */
  private int member() {
    if (end - p < 2) {
      return UNKNOWN;
    }
    int member;
    byte[] name;
    switch (in[p + 1]) {
      case 'c' -> {
        member = CODE;
        name = CODE_NAME;
      }
      case 'e' -> {
        member = EXT_FIELDS;
        name = EXT_FIELDS_NAME;
      }
      case 'f' -> {
        member = FLAG;
        name = FLAG_NAME;
      }
      case 'l' -> {
        member = LANGUAGE;
        name = LANGUAGE_NAME;
      }
      case 'o' -> {
        member = OPAQUE;
        name = OPAQUE_NAME;
      }
      case 'r' -> {
        member = REMARK;
        name = REMARK_NAME;
      }
      case 's' -> {
        member = SERIALIZE_TYPE;
        name = SERIALIZE_TYPE_NAME;
      }
      case 'v' -> {
        member = VERSION;
        name = VERSION_NAME;
      }
      default -> {
        return UNKNOWN;
      }
    }
    return matches(name) ? member : UNKNOWN;
  }

  /** Whether the bytes at p are {@code expected}; consumes them if so. */
  private boolean matches(byte[] expected) {
    int n = expected.length;
    int to = p + n;
    if (to > end) {
      return false;
    }
    if (n >= Long.BYTES) {
      // Words, the last one overlapping its predecessor: no byte loop for the tail.
      for (int i = 0; i < n - Long.BYTES; i += Long.BYTES) {
        if ((long) JsonBytes.LONGS.get(in, p + i) != (long) JsonBytes.LONGS.get(expected, i)) {
          return false;
        }
      }
      int last = n - Long.BYTES;
      if ((long) JsonBytes.LONGS.get(in, p + last) != (long) JsonBytes.LONGS.get(expected, last)) {
        return false;
      }
    } else if (!Arrays.equals(in, p, to, expected, 0, n)) {
      return false;
    }
    p = to;
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
