package io.actormq.protocol.json;

import java.nio.charset.StandardCharsets;

/**
 * The token-level half of {@link JsonReader}: whitespace, literals, strings (escapes, surrogates,
 * validated UTF-8) and numbers, over a byte range.
 *
 * <p>Every method either consumes at least one byte or throws, which is what makes parsing
 * terminate on any input. Kept apart from the tree building so each half stays readable.
 */
abstract class JsonLexer {

  // Longer numbers are not produced by any sane writer and would make BigDecimal parsing costly.
  static final int MAX_NUMBER_LENGTH = 512;

  // Number classes returned by scanNumber().
  static final int LONG = 0;
  static final int BIG_INTEGER = 1;
  static final int FRACTION = 2;

  final byte[] in;
  final int start;
  final int end;
  int pos;
  long scannedLong;
  private char[] scratchBuffer;
  private byte[] byteScratchBuffer;

  JsonLexer(byte[] in, int off, int len) {
    if (off < 0 || len < 0 || off > in.length - len) {
      throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " length=" + in.length);
    }
    this.in = in;
    this.start = off;
    this.end = off + len;
    this.pos = off;
  }

  /**
   * The index of the first byte at or after {@code from} that ends a plain string run: a quote, a
   * backslash, a control byte or a non-ASCII byte (negative); {@code end} if there is none. A plain
   * loop: header strings are short, and an 8-bytes-at-a-time scan measured no faster on them.
   */
  final int plainRun(int from) {
    for (int i = from; i < end; i++) {
      byte b = in[i];
      if (b == '"' || b == '\\' || b < 0x20) { // b < 0x20 also catches non-ASCII (negative)
        return i;
      }
    }
    return end;
  }

  String string() {
    int open = pos++;
    // Fast path: plain ASCII without escapes becomes a compact Latin-1 string with no copying.
    int i = plainRun(pos);
    if (i < end) {
      if (in[i] == '"') {
        String s = new String(in, pos, i - pos, StandardCharsets.ISO_8859_1);
        pos = i + 1;
        return s;
      }
      return slowString(open, i);
    }
    pos = open;
    throw error("unterminated string");
  }

  /** As {@link #string()}, returning shared instances for plain strings found in {@code known}. */
  String string(JsonStringTable known) {
    int open = pos++;
    // The plain-run scan and the table's hash in one pass over the bytes.
    int h = 0;
    int i = pos;
    for (; i < end; i++) {
      byte b = in[i];
      if (b == '"' || b == '\\' || b < 0x20) {
        break;
      }
      h = 31 * h + b;
    }
    if (i < end) {
      if (in[i] == '"') {
        int len = i - pos;
        String s = known.find(h, in, pos, len);
        if (s == null) {
          s = new String(in, pos, len, StandardCharsets.ISO_8859_1);
        }
        pos = i + 1;
        return s;
      }
      return slowString(open, i);
    }
    pos = open;
    throw error("unterminated string");
  }

  String slowString(int open, int firstSpecial) {
    String latin1 = latin1String(firstSpecial);
    if (latin1 != null) {
      return latin1;
    }
    int n = firstSpecial - pos;
    char[] buf = scratch(n + 16);
    for (int i = 0; i < n; i++) {
      buf[i] = (char) in[pos + i];
    }
    pos = firstSpecial;
    while (pos < end) {
      if (buf.length - n < 2) {
        buf = growScratch(n + 2);
      }
      int b = in[pos];
      if (b == '"') {
        pos++;
        return new String(buf, 0, n);
      } else if (b == '\\') {
        buf[n++] = escape();
      } else if (b >= 0x20) {
        buf[n++] = (char) b;
        pos++;
      } else if (b >= 0) {
        throw error("unescaped control character 0x" + Integer.toHexString(b) + " in string");
      } else {
        n = utf8(buf, n, b & 0xFF);
      }
    }
    pos = open;
    throw error("unterminated string");
  }

  /**
   * The common escaped string (ASCII with escapes below U+0100, such as a property string's \\u0001
   * separators) decoded straight into bytes and a compact Latin-1 string; null, consuming nothing,
   * if the string holds anything else (non-ASCII bytes, wider escapes, errors), which the general
   * path then handles.
   */
  private String latin1String(int firstSpecial) {
    int n = firstSpecial - pos;
    byte[] buf = byteScratch(n + 64);
    System.arraycopy(in, pos, buf, 0, n);
    int i = firstSpecial;
    // One loop scans and copies: the runs between escapes (a property string's \\u0001 and
    // \\u0002 separators) are a few bytes long, too short for a scan-then-arraycopy to pay off.
    while (i < end) {
      byte b = in[i];
      int c;
      if (b == '"') {
        pos = i + 1;
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
      } else if (b == '\\') {
        if (i + 1 >= end) {
          return null;
        }
        byte e = in[i + 1];
        switch (e) {
          case '"', '\\', '/' -> c = e;
          case 'b' -> c = '\b';
          case 'f' -> c = '\f';
          case 'n' -> c = '\n';
          case 'r' -> c = '\r';
          case 't' -> c = '\t';
          case 'u' -> {
            if (end - i < 6) {
              return null;
            }
            int h0 = hex(in[i + 2]);
            int h1 = hex(in[i + 3]);
            int h2 = hex(in[i + 4]);
            int h3 = hex(in[i + 5]);
            if (h0 != 0 || h1 != 0 || h2 < 0 || h3 < 0) {
              return null; // beyond Latin-1, or invalid: the general path decides
            }
            c = (h2 << 4) | h3;
            i += 4;
          }
          default -> {
            return null;
          }
        }
        i += 2;
      } else if (b < 0x20) { // a control byte, or non-ASCII (negative)
        return null;
      } else {
        c = b;
        i++;
      }
      if (n == buf.length) {
        buf = growByteScratch(n + 1);
      }
      buf[n++] = (byte) c;
    }
    return null;
  }

  private byte[] byteScratch(int min) {
    if (byteScratchBuffer == null || byteScratchBuffer.length < min) {
      byteScratchBuffer = new byte[Math.max(min, 128)];
    }
    return byteScratchBuffer;
  }

  private byte[] growByteScratch(int min) {
    byte[] bigger = new byte[Math.max(min, byteScratchBuffer.length * 2)];
    System.arraycopy(byteScratchBuffer, 0, bigger, 0, byteScratchBuffer.length);
    byteScratchBuffer = bigger;
    return bigger;
  }

  char escape() {
    int at = pos++;
    if (pos >= end) {
      throw error("unterminated escape");
    }
    byte e = in[pos++];
    switch (e) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        if (end - pos < 4) {
          pos = at;
          throw error("truncated \\u escape");
        }
        int c = 0;
        for (int i = 0; i < 4; i++) {
          int d = hex(in[pos++]);
          if (d < 0) {
            pos = at;
            throw error("invalid \\u escape");
          }
          c = (c << 4) | d;
        }
        // Surrogate halves pass through one by one: consecutive \uD83D\uDE00 form a valid pair in
        // the UTF-16 result, and a lone half is legal JSON that Java strings can represent.
        return (char) c;
      default:
        pos = at;
        throw error("invalid escape \\" + describe(e));
    }
  }

  /** Decodes one multi-byte UTF-8 sequence starting with {@code lead}; returns the new length. */
  int utf8(char[] buf, int n, int lead) {
    int at = pos;
    int need;
    int cp;
    int min;
    if (lead >= 0xC2 && lead <= 0xDF) {
      need = 1;
      cp = lead & 0x1F;
      min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      need = 2;
      cp = lead & 0x0F;
      min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      need = 3;
      cp = lead & 0x07;
      min = 0x10000;
    } else {
      throw error("invalid UTF-8 lead byte 0x" + Integer.toHexString(lead));
    }
    if (end - pos - 1 < need) {
      throw error("truncated UTF-8 sequence");
    }
    pos++;
    for (int i = 0; i < need; i++) {
      int c = in[pos++];
      if ((c & 0xC0) != 0x80) {
        pos = at;
        throw error("invalid UTF-8 continuation byte");
      }
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      pos = at;
      throw error("invalid UTF-8 sequence");
    }
    if (cp >= 0x10000) {
      buf[n++] = Character.highSurrogate(cp);
      buf[n++] = Character.lowSurrogate(cp);
    } else {
      buf[n++] = (char) cp;
    }
    return n;
  }

  /**
   * Consumes one number and classifies it; for {@link #LONG} the value is left in {@link
   * #scannedLong}, otherwise the caller re-reads the text.
   */
  int scanNumber() {
    int begin = pos;
    boolean negative = in[pos] == '-';
    if (negative) {
      pos++;
    }
    // Accumulate negatively so that Long.MIN_VALUE parses without overflow.
    long acc = 0;
    boolean overflow = false;
    int intDigits = 0;
    while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
      int d = in[pos] - '0';
      if (intDigits == 1 && acc == 0) {
        throw error("leading zero in number");
      }
      if (acc < (Long.MIN_VALUE + d) / 10) {
        overflow = true;
      } else {
        acc = acc * 10 - d;
      }
      intDigits++;
      pos++;
    }
    if (intDigits == 0) {
      throw error("expected a digit");
    }
    boolean integral = true;
    if (pos < end && in[pos] == '.') {
      integral = false;
      pos++;
      requireDigits();
    }
    if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
      integral = false;
      pos++;
      if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
        pos++;
      }
      requireDigits();
    }
    if (pos - begin > MAX_NUMBER_LENGTH) {
      pos = begin;
      throw error("number longer than " + MAX_NUMBER_LENGTH + " characters");
    }
    if (!integral) {
      return FRACTION;
    }
    if (overflow || (!negative && acc == Long.MIN_VALUE)) {
      return BIG_INTEGER;
    }
    scannedLong = negative ? acc : -acc;
    return LONG;
  }

  void requireDigits() {
    int from = pos;
    while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
      pos++;
    }
    if (pos == from) {
      throw error("expected a digit");
    }
  }

  String text(int from, int length) {
    return new String(in, from, length, StandardCharsets.ISO_8859_1);
  }

  void literal(String word) {
    int n = word.length();
    if (end - pos < n) {
      throw error("unexpected end of input in literal");
    }
    for (int i = 0; i < n; i++) {
      if (in[pos + i] != word.charAt(i)) {
        throw error("invalid literal, expected '" + word + "'");
      }
    }
    pos += n;
  }

  void expect(char c) {
    if (pos >= end) {
      throw error("unexpected end of input, expected '" + c + "'");
    }
    if (in[pos] != c) {
      throw error("expected '" + c + "' but found " + describe(in[pos]));
    }
    pos++;
  }

  void skipWhitespace() {
    while (pos < end) {
      byte b = in[pos];
      // Most calls find a token at once; one comparison settles every printable byte.
      if (b > ' ' || (b != ' ' && b != '\n' && b != '\r' && b != '\t')) {
        return;
      }
      pos++;
    }
  }

  char[] scratch(int min) {
    if (scratchBuffer == null || scratchBuffer.length < min) {
      scratchBuffer = new char[Math.max(min, 64)];
    }
    return scratchBuffer;
  }

  char[] growScratch(int min) {
    // The result is never longer than the input, so the scratch never outgrows it by much.
    char[] bigger = new char[Math.max(min, scratchBuffer.length * 2)];
    System.arraycopy(scratchBuffer, 0, bigger, 0, scratchBuffer.length);
    scratchBuffer = bigger;
    return bigger;
  }

  static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  static String describe(byte b) {
    if (b >= 0x20 && b < 0x7F) {
      return "'" + (char) b + "'";
    }
    return "byte 0x" + Integer.toHexString(b & 0xFF);
  }

  JsonException error(String message) {
    return new JsonException(message, pos - start);
  }
}
