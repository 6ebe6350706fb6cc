package io.actormq.protocol.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * Streaming JSON writer producing UTF-8 into a growable byte buffer.
 *
 * <pre>{@code
 * JsonWriter w = new JsonWriter();
 * w.beginObject().name("topic").value("T").name("queueId").value(3).endObject();
 * byte[] body = w.toByteArray();
 * }</pre>
 *
 * <p>Commas and colons are inserted automatically; structural misuse (a value where a name is
 * expected, unbalanced ends, two top-level values) throws {@link IllegalStateException}, since it
 * is a programming error rather than bad input. Non-ASCII text is written as raw UTF-8; only {@code
 * "}, {@code \}, control characters, U+2028/U+2029 and unpaired surrogates are escaped, so every
 * Java string round-trips through {@link JsonReader} unchanged. A writer is reusable after {@link
 * #reset()}, which keeps its buffer.
 */
public final class JsonWriter {

  // Per-level states of the nesting stack.
  private static final byte EMPTY_DOCUMENT = 0;
  private static final byte NONEMPTY_DOCUMENT = 1;
  private static final byte EMPTY_OBJECT = 2;
  private static final byte NONEMPTY_OBJECT = 3;
  private static final byte DANGLING_NAME = 4;
  private static final byte EMPTY_ARRAY = 5;
  private static final byte NONEMPTY_ARRAY = 6;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] MIN_LONG =
      Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

  private byte[] buf;
  private int size;
  private byte[] stack = new byte[16];
  private int depth;

  public JsonWriter() {
    this(256);
  }

  public JsonWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Discards the output and the nesting state, keeping the allocated buffer for reuse. */
  public JsonWriter reset() {
    size = 0;
    depth = 0;
    stack[0] = EMPTY_DOCUMENT;
    return this;
  }

  public JsonWriter beginObject() {
    beforeValue();
    push(EMPTY_OBJECT);
    put((byte) '{');
    return this;
  }

  public JsonWriter endObject() {
    byte top = stack[depth];
    if (top != EMPTY_OBJECT && top != NONEMPTY_OBJECT) {
      throw new IllegalStateException(
          top == DANGLING_NAME ? "name without value" : "not in object");
    }
    depth--;
    put((byte) '}');
    return this;
  }

  public JsonWriter beginArray() {
    beforeValue();
    push(EMPTY_ARRAY);
    put((byte) '[');
    return this;
  }

  public JsonWriter endArray() {
    byte top = stack[depth];
    if (top != EMPTY_ARRAY && top != NONEMPTY_ARRAY) {
      throw new IllegalStateException("not in array");
    }
    depth--;
    put((byte) ']');
    return this;
  }

  /** Writes an object member name; the next call must write its value. */
  public JsonWriter name(String name) {
    if (name == null) {
      throw new IllegalArgumentException("name is null");
    }
    byte top = stack[depth];
    if (top == NONEMPTY_OBJECT) {
      put((byte) ',');
    } else if (top != EMPTY_OBJECT) {
      throw new IllegalStateException("name outside of an object or after a name");
    }
    stack[depth] = DANGLING_NAME;
    writeString(name);
    put((byte) ':');
    return this;
  }

  /** Writes a string value, or {@code null} if {@code value} is null. */
  public JsonWriter value(String value) {
    if (value == null) {
      return nullValue();
    }
    beforeValue();
    writeString(value);
    return this;
  }

  public JsonWriter value(long value) {
    beforeValue();
    writeLong(value);
    return this;
  }

  /** Writes a finite double; JSON has no NaN or infinity. */
  public JsonWriter value(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("JSON cannot represent " + value);
    }
    beforeValue();
    if (value == (long) value && Math.abs(value) < 1e15) {
      // Integral doubles keep a fraction so that readers see a floating-point number.
      writeLong((long) value);
      put((byte) '.');
      put((byte) '0');
    } else {
      writeAscii(Double.toString(value));
    }
    return this;
  }

  public JsonWriter value(boolean value) {
    beforeValue();
    putAll(value ? TRUE : FALSE);
    return this;
  }

  public JsonWriter nullValue() {
    beforeValue();
    putAll(NULL);
    return this;
  }

  /**
   * Writes a tree as produced by {@link JsonReader}: maps (keys via {@code String.valueOf}),
   * collections, arrays of objects, strings, numbers, booleans, characters and null.
   */
  public JsonWriter tree(Object value) {
    if (value == null) {
      return nullValue();
    } else if (value instanceof String s) {
      return value(s);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return value(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      return value(((Number) value).doubleValue());
    } else if (value instanceof BigDecimal || value instanceof BigInteger) {
      beforeValue();
      writeAscii(value instanceof BigDecimal d ? d.toString() : value.toString());
      return this;
    } else if (value instanceof Boolean b) {
      return value(b.booleanValue());
    } else if (value instanceof Character c) {
      return value(c.toString());
    } else if (value instanceof Map<?, ?> map) {
      beginObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        name(String.valueOf(e.getKey()));
        tree(e.getValue());
      }
      return endObject();
    } else if (value instanceof Collection<?> list) {
      beginArray();
      for (Object element : list) {
        tree(element);
      }
      return endArray();
    } else if (value instanceof Object[] array) {
      beginArray();
      for (Object element : array) {
        tree(element);
      }
      return endArray();
    }
    throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
  }

  /** True once exactly one complete top-level value has been written. */
  public boolean isComplete() {
    return depth == 0 && stack[0] == NONEMPTY_DOCUMENT;
  }

  /** Number of bytes written so far. */
  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** Copies the output into {@code dst} at its position, advancing it. */
  public void writeTo(ByteBuffer dst) {
    dst.put(buf, 0, size);
  }

  /** Copies the output into {@code dst} at {@code offset}. */
  public void writeTo(byte[] dst, int offset) {
    System.arraycopy(buf, 0, dst, offset, size);
  }

  /** The output decoded as a String. */
  @Override
  public String toString() {
    return new String(buf, 0, size, StandardCharsets.UTF_8);
  }

  /** Serialises a tree (see {@link #tree(Object)}) to UTF-8 bytes. */
  public static byte[] toBytes(Object tree) {
    return new JsonWriter().tree(tree).toByteArray();
  }

  /** Serialises a tree (see {@link #tree(Object)}) to a String. */
  public static String toString(Object tree) {
    return new JsonWriter().tree(tree).toString();
  }

  private void beforeValue() {
    switch (stack[depth]) {
      case EMPTY_DOCUMENT -> stack[depth] = NONEMPTY_DOCUMENT;
      case DANGLING_NAME -> stack[depth] = NONEMPTY_OBJECT;
      case EMPTY_ARRAY -> stack[depth] = NONEMPTY_ARRAY;
      case NONEMPTY_ARRAY -> put((byte) ',');
      case NONEMPTY_DOCUMENT -> throw new IllegalStateException("document already complete");
      default -> throw new IllegalStateException("expected a name inside an object");
    }
  }

  private void push(byte state) {
    if (++depth == stack.length) {
      stack = Arrays.copyOf(stack, stack.length * 2);
    }
    stack[depth] = state;
  }

  private void writeString(String s) {
    int n = s.length();
    // Worst case 6 bytes per char (\\uXXXX), plus the quotes.
    long worst = (long) n * 6 + 2;
    if (worst > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("JSON output exceeds 2 GiB");
    }
    ensure((int) worst);
    byte[] b = buf;
    int p = size;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[p++] = (byte) c;
        } else {
          p = escapeAscii(b, p, c);
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
        // Lone surrogates have no UTF-8 form; the escape keeps them lossless.
        p = unicodeEscape(b, p, c);
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    b[p++] = '"';
    size = p;
  }

  private static int escapeAscii(byte[] b, int p, char c) {
    char short_ =
        switch (c) {
          case '"' -> '"';
          case '\\' -> '\\';
          case '\n' -> 'n';
          case '\r' -> 'r';
          case '\t' -> 't';
          case '\b' -> 'b';
          case '\f' -> 'f';
          default -> 0;
        };
    if (short_ != 0) {
      b[p++] = '\\';
      b[p++] = (byte) short_;
      return p;
    }
    return unicodeEscape(b, p, c);
  }

  private static int unicodeEscape(byte[] b, int p, char c) {
    b[p++] = '\\';
    b[p++] = 'u';
    b[p++] = HEX[(c >> 12) & 0xF];
    b[p++] = HEX[(c >> 8) & 0xF];
    b[p++] = HEX[(c >> 4) & 0xF];
    b[p++] = HEX[c & 0xF];
    return p;
  }

  private void writeLong(long v) {
    if (v == Long.MIN_VALUE) {
      putAll(MIN_LONG);
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[size++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int p = size + digits;
    size = p;
    do {
      buf[--p] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
  }

  private void writeAscii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[size++] = (byte) s.charAt(i);
    }
  }

  private void put(byte b) {
    ensure(1);
    buf[size++] = b;
  }

  private void putAll(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  private void ensure(int extra) {
    if (buf.length - size < extra) {
      long wanted = Math.max((long) buf.length * 2, (long) size + extra);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("JSON output exceeds 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }
}
