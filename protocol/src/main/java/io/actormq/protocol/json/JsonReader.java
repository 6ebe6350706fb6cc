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
public final class JsonReader extends JsonLexer {

  /** Nesting limit used by the short {@code parse} overloads; RocketMQ bodies nest about 4 deep. */
  public static final int DEFAULT_MAX_DEPTH = 64;

  private final int maxDepth;
  private int depth;

  private JsonReader(byte[] in, int off, int len, int maxDepth) {
    super(in, off, len);
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be positive: " + maxDepth);
    }
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

  /**
   * Reads a string value, returning the table's shared instance when the string is one of its
   * entries.
   */
  public String nextString(JsonStringTable known) {
    skipWhitespace();
    if (pos >= end || in[pos] != '"') {
      throw error(pos >= end ? "unexpected end of input, expected a string" : "expected a string");
    }
    return string(known);
  }

  /**
   * If the next value is a string of plain ASCII (no escapes, no control or non-ASCII bytes),
   * consumes it and returns the absolute offset of its first character in the input array in the
   * high 32 bits and its length in the low 32 bits; otherwise consumes nothing and returns -1, and
   * the caller reads the value with {@link #nextString()} or {@link #nextValue()}.
   */
  public long tryPlainString() {
    skipWhitespace();
    if (pos >= end || in[pos] != '"') {
      return -1;
    }
    int from = pos + 1;
    int close = plainRun(from);
    if (close < end && in[close] == '"') {
      pos = close + 1;
      return ((long) from << 32) | (close - from);
    }
    return -1;
  }

  /** The input array this cursor reads (offsets from {@link #tryPlainString()} index into it). */
  public byte[] input() {
    return in;
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
}
