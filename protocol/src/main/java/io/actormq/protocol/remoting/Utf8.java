package io.actormq.protocol.remoting;

/**
 * UTF-8 and JSON-string encoding straight into a byte array. Callers guarantee room for the worst
 * case: 3 bytes per char for UTF-8, 6 per char plus the quotes for JSON.
 *
 * <p>Plain UTF-8 replaces an unpaired surrogate with {@code '?'}, as {@link String#getBytes} does.
 * JSON strings escape unpaired surrogates instead, which keeps them lossless.
 */
final class Utf8 {

  private static final byte[] HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

  private Utf8() {}

  /** Writes {@code s} as UTF-8 at {@code p} (up to 3 bytes per char); returns the end. */
  static int write(String s, byte[] b, int p) {
    int n = s.length();
    int i = 0;
    // ASCII run first: one comparison and one store per char.
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        break;
      }
      b[p++] = (byte) c;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (isPair(s, i, n)) {
        p = writeSupplementary(Character.toCodePoint(c, s.charAt(++i)), b, p);
      } else if (Character.isSurrogate(c)) {
        b[p++] = '?';
      } else {
        p = writeThreeBytes(c, b, p);
      }
    }
    return p;
  }

  // Printable ASCII that a JSON string carries as is.
  private static final boolean[] PLAIN = new boolean[128];

  static {
    for (int c = 0x20; c < 0x7F; c++) {
      PLAIN[c] = c != '"' && c != '\\';
    }
    PLAIN[0x7F] = true;
  }

  /**
   * Writes {@code s} as a quoted, escaped JSON string at {@code p}; returns the end position.
   *
   * @param escapeSupplementary write characters beyond U+FFFF as escaped surrogate pairs
   */
  static int writeJsonString(String s, byte[] b, int p, boolean escapeSupplementary) {
    int n = s.length();
    b[p++] = '"';
    int i = 0;
    // Plain ASCII run first: one table look-up and one store per char.
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || !PLAIN[c]) {
        break;
      }
      b[p++] = (byte) c;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[p++] = (byte) c;
        } else if (c == '"' || c == '\\') {
          b[p++] = '\\';
          b[p++] = (byte) c;
        } else if (isShortEscape(c)) {
          b[p++] = '\\';
          b[p++] = (byte) shortEscape(c);
        } else {
          p = unicodeEscape(c, b, p);
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (isPair(s, i, n)) {
        if (escapeSupplementary) {
          p = unicodeEscape(c, b, p);
          p = unicodeEscape(s.charAt(++i), b, p);
        } else {
          p = writeSupplementary(Character.toCodePoint(c, s.charAt(++i)), b, p);
        }
      } else if (Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
        p = unicodeEscape(c, b, p);
      } else {
        p = writeThreeBytes(c, b, p);
      }
    }
    b[p++] = '"';
    return p;
  }

  /** Number of decimal characters of {@code v}, sign included. */
  static int decimalLength(long v) {
    if (v < 0) {
      return v == Long.MIN_VALUE ? 20 : 1 + positiveLength(-v);
    }
    return positiveLength(v);
  }

  private static int positiveLength(long v) {
    long limit = 10;
    for (int len = 1; len < 19; len++) {
      if (v < limit) {
        return len;
      }
      limit *= 10;
    }
    return 19;
  }

  /** Writes {@code v} in decimal at {@code p}; returns the end position. */
  static int writeDecimal(long v, byte[] b, int p) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        byte[] min = Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(min, 0, b, p, min.length);
        return p + min.length;
      }
      b[p++] = '-';
      v = -v;
    }
    int end = p + positiveLength(v);
    int q = end;
    while (v > Integer.MAX_VALUE) {
      long d = v / 10;
      b[--q] = (byte) ('0' + (int) (v - d * 10));
      v = d;
    }
    int iv = (int) v;
    do {
      int d = iv / 10;
      b[--q] = (byte) ('0' + (iv - d * 10));
      iv = d;
    } while (iv != 0);
    return end;
  }

  /** Writes an ASCII-only constant at {@code p}; returns the end position. */
  static int writeAscii(byte[] ascii, byte[] b, int p) {
    System.arraycopy(ascii, 0, b, p, ascii.length);
    return p + ascii.length;
  }

  private static boolean isPair(String s, int i, int n) {
    return Character.isHighSurrogate(s.charAt(i))
        && i + 1 < n
        && Character.isLowSurrogate(s.charAt(i + 1));
  }

  private static int writeSupplementary(int cp, byte[] b, int p) {
    b[p++] = (byte) (0xF0 | (cp >> 18));
    b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
    b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
    b[p++] = (byte) (0x80 | (cp & 0x3F));
    return p;
  }

  private static int writeThreeBytes(char c, byte[] b, int p) {
    b[p++] = (byte) (0xE0 | (c >> 12));
    b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
    b[p++] = (byte) (0x80 | (c & 0x3F));
    return p;
  }

  private static boolean isShortEscape(char c) {
    return c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f';
  }

  private static char shortEscape(char c) {
    return switch (c) {
      case '\n' -> 'n';
      case '\r' -> 'r';
      case '\t' -> 't';
      case '\b' -> 'b';
      default -> 'f';
    };
  }

  private static int unicodeEscape(char c, byte[] b, int p) {
    b[p++] = '\\';
    b[p++] = 'u';
    b[p++] = HEX[(c >> 12) & 0xF];
    b[p++] = HEX[(c >> 8) & 0xF];
    b[p++] = HEX[(c >> 4) & 0xF];
    b[p++] = HEX[c & 0xF];
    return p;
  }
}
