package io.actormq.protocol.json;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict RFC 8259 parser from UTF-8 bytes to a plain Java tree (see the package description for the
 * value types).
 *
 * <p>Every step consumes at least one byte or fails, so parsing always terminates; nesting is
 * bounded by a depth limit so hostile input cannot overflow the stack; numbers are bounded in
 * length so {@link BigDecimal} parsing stays linear. Invalid UTF-8 is rejected rather than
 * replaced, because a body that lies about its encoding is a broken client we want to hear about.
 * Duplicate object keys keep the last value, as fastjson (the RocketMQ client's library) does.
 */
public final class JsonReader {

  /** Nesting limit used by the short {@code parse} overloads; RocketMQ bodies nest about 4 deep. */
  public static final int DEFAULT_MAX_DEPTH = 64;

  // Longer numbers are not produced by any sane writer and would make BigDecimal parsing costly.
  private static final int MAX_NUMBER_LENGTH = 512;

  private final byte[] in;
  private final int start;
  private final int end;
  private final int maxDepth;
  // Number classes returned by scanNumber().
  private static final int LONG = 0;
  private static final int BIG_INTEGER = 1;
  private static final int FRACTION = 2;

  private int pos;
  private int depth;
  private char[] scratch;
  private long scannedLong;

  private JsonReader(byte[] in, int off, int len, int maxDepth) {
    if (off < 0 || len < 0 || off > in.length - len) {
      throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " length=" + in.length);
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be positive: " + maxDepth);
    }
    this.in = in;
    this.start = off;
    this.end = off + len;
    this.pos = off;
    this.maxDepth = maxDepth;
  }

  /** Parses a complete JSON document. */
  public static Object parse(byte[] utf8) {
    return parse(utf8, 0, utf8.length, DEFAULT_MAX_DEPTH);
  }

  /** Parses a complete JSON document held in {@code utf8[off, off+len)}. */
  public static Object parse(byte[] utf8, int off, int len) {
    return parse(utf8, off, len, DEFAULT_MAX_DEPTH);
  }

  /** Parses a complete JSON document, failing if objects and arrays nest deeper than given. */
  public static Object parse(byte[] utf8, int off, int len, int maxDepth) {
    return new JsonReader(utf8, off, len, maxDepth).document();
  }

  /**
   * Parses the bytes between the buffer's position and limit without moving its position. Heap
   * buffers are read in place; direct buffers are copied once.
   */
  public static Object parse(ByteBuffer utf8) {
    if (utf8.hasArray()) {
      return parse(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining());
    }
    byte[] copy = new byte[utf8.remaining()];
    utf8.duplicate().get(copy);
    return parse(copy);
  }

  /** Parses a complete JSON document given as text. */
  public static Object parse(String json) {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A pull cursor over {@code utf8[off, off+len)} for hand-written decoders of flat documents
   * (such as the remoting header) that want to avoid building a tree. Typical use: {@code
   * consume('{')}, then {@code nextString()}, {@code consume(':')}, a {@code next*} value, and
   * {@code tryConsume(',')} until the closing brace; finally {@link #finish()}. Values read with
   * {@link #nextValue()} obey the depth limit.
   */
  public static JsonReader cursor(byte[] utf8, int off, int len) {
    return new JsonReader(utf8, off, len, DEFAULT_MAX_DEPTH);
  }

  /** Skips whitespace and returns the next byte (0-255) without consuming it, or -1 at the end. */
  public int peek() {
    skipWhitespace();
    return pos < end ? in[pos] & 0xFF : -1;
  }

  /** Skips whitespace and consumes {@code c}, or fails. */
  public void consume(char c) {
    skipWhitespace();
    expect(c);
  }

  /** Skips whitespace and consumes {@code c} if it comes next. */
  public boolean tryConsume(char c) {
    skipWhitespace();
    if (pos < end && in[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  /** Reads a string value. */
  public String nextString() {
    skipWhitespace();
    if (pos >= end || in[pos] != '"') {
      throw error(pos >= end ? "unexpected end of input, expected a string" : "expected a string");
    }
    return string();
  }

  /** Reads an integer that fits a {@code long}, without boxing. */
  public long nextLong() {
    skipWhitespace();
    if (pos >= end || (in[pos] != '-' && (in[pos] < '0' || in[pos] > '9'))) {
      throw error(pos >= end ? "unexpected end of input, expected a number" : "expected a number");
    }
    int begin = pos;
    if (scanNumber() != LONG) {
      pos = begin;
      throw error("expected an integer within the range of a long");
    }
    return scannedLong;
  }

  /** Reads any value as a tree (see the package description). */
  public Object nextValue() {
    skipWhitespace();
    return value();
  }

  /** Fails unless only whitespace remains. */
  public void finish() {
    skipWhitespace();
    if (pos < end) {
      throw error("unexpected trailing " + describe(in[pos]));
    }
  }

  /** Current offset relative to the start of the parsed region. */
  public int offset() {
    return pos - start;
  }

  private Object document() {
    skipWhitespace();
    if (pos >= end) {
      throw error("empty input");
    }
    Object value = value();
    skipWhitespace();
    if (pos < end) {
      throw error("unexpected trailing " + describe(in[pos]));
    }
    return value;
  }

  private Object value() {
    if (pos >= end) {
      throw error("unexpected end of input, expected a value");
    }
    byte b = in[pos];
    switch (b) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return null;
      default:
        if (b == '-' || (b >= '0' && b <= '9')) {
          return number();
        }
        throw error("unexpected " + describe(b) + ", expected a value");
    }
  }

  private Map<String, Object> object() {
    enter();
    pos++; // '{'
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (pos < end && in[pos] == '}') {
      pos++;
      depth--;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (pos >= end || in[pos] != '"') {
        throw error(pos >= end ? "unterminated object" : "expected a string key");
      }
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      map.put(key, value());
      skipWhitespace();
      if (pos >= end) {
        throw error("unterminated object");
      }
      byte b = in[pos++];
      if (b == '}') {
        depth--;
        return map;
      }
      if (b != ',') {
        pos--;
        throw error("expected ',' or '}' but found " + describe(b));
      }
    }
  }

  private List<Object> array() {
    enter();
    pos++; // '['
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (pos < end && in[pos] == ']') {
      pos++;
      depth--;
      return list;
    }
    while (true) {
      skipWhitespace();
      list.add(value());
      skipWhitespace();
      if (pos >= end) {
        throw error("unterminated array");
      }
      byte b = in[pos++];
      if (b == ']') {
        depth--;
        return list;
      }
      if (b != ',') {
        pos--;
        throw error("expected ',' or ']' but found " + describe(b));
      }
    }
  }

  private void enter() {
    if (++depth > maxDepth) {
      throw error("nesting deeper than " + maxDepth);
    }
  }

  private String string() {
    int open = pos++;
    // Fast path: plain ASCII without escapes becomes a compact Latin-1 string with no copying.
    for (int i = pos; i < end; i++) {
      byte b = in[i];
      if (b == '"') {
        String s = new String(in, pos, i - pos, StandardCharsets.ISO_8859_1);
        pos = i + 1;
        return s;
      }
      if (b == '\\' || b < 0x20) { // b < 0x20 also catches every non-ASCII byte (negative)
        return slowString(open, i);
      }
    }
    pos = open;
    throw error("unterminated string");
  }

  private String slowString(int open, int firstSpecial) {
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

  private char escape() {
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
  private int utf8(char[] buf, int n, int lead) {
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

  private Object number() {
    int begin = pos;
    int kind = scanNumber();
    if (kind == LONG) {
      return scannedLong;
    }
    String text = text(begin, pos - begin);
    if (kind == BIG_INTEGER) {
      return new BigDecimal(text);
    }
    double d = Double.parseDouble(text);
    if (Double.isInfinite(d)) {
      try {
        return new BigDecimal(text);
      } catch (NumberFormatException e) { // exponent beyond int range
        pos = begin;
        throw error("number out of range");
      }
    }
    return d;
  }

  /**
   * Consumes one number and classifies it; for {@link #LONG} the value is left in {@link
   * #scannedLong}, otherwise the caller re-reads the text.
   */
  private int scanNumber() {
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

  private void requireDigits() {
    int from = pos;
    while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
      pos++;
    }
    if (pos == from) {
      throw error("expected a digit");
    }
  }

  private String text(int from, int length) {
    return new String(in, from, length, StandardCharsets.ISO_8859_1);
  }

  private void literal(String word) {
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

  private void expect(char c) {
    if (pos >= end) {
      throw error("unexpected end of input, expected '" + c + "'");
    }
    if (in[pos] != c) {
      throw error("expected '" + c + "' but found " + describe(in[pos]));
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte b = in[pos];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return;
      }
      pos++;
    }
  }

  private char[] scratch(int min) {
    if (scratch == null || scratch.length < min) {
      scratch = new char[Math.max(min, 64)];
    }
    return scratch;
  }

  private char[] growScratch(int min) {
    // The result is never longer than the input, so the scratch never outgrows it by much.
    char[] bigger = new char[Math.max(min, scratch.length * 2)];
    System.arraycopy(scratch, 0, bigger, 0, scratch.length);
    scratch = bigger;
    return bigger;
  }

  private static int hex(byte b) {
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

  private static String describe(byte b) {
    if (b >= 0x20 && b < 0x7F) {
      return "'" + (char) b + "'";
    }
    return "byte 0x" + Integer.toHexString(b & 0xFF);
  }

  private JsonException error(String message) {
    return new JsonException(message, pos - start);
  }
}
