package io.actormq.protocol.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 measuring and writing straight into a ByteBuffer, so that encoding a topic or property
 * string into a record needs no intermediate byte array. Unpaired surrogates become {@code '?'},
 * exactly as {@link String#getBytes} does, so lengths agree with what the RocketMQ client computes.
 */
final class Utf8 {

  private Utf8() {}

  static int encodedLength(CharSequence s) {
    int n = s.length();
    int len = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        len += 1;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 2; // two chars, four bytes
        i++;
      } else if (Character.isSurrogate(c)) {
        continue; // '?'
      } else {
        len += 2;
      }
    }
    return len;
  }

  /** Writes {@code s} at {@code pos} without moving the buffer; returns the position after it. */
  static int write(CharSequence s, ByteBuffer buf, int pos) {
    int n = s.length();
    int p = pos;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        buf.put(p++, (byte) c);
      } else if (c < 0x800) {
        buf.put(p++, (byte) (0xC0 | (c >> 6)));
        buf.put(p++, (byte) (0x80 | (c & 0x3F)));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buf.put(p++, (byte) (0xF0 | (cp >> 18)));
        buf.put(p++, (byte) (0x80 | ((cp >> 12) & 0x3F)));
        buf.put(p++, (byte) (0x80 | ((cp >> 6) & 0x3F)));
        buf.put(p++, (byte) (0x80 | (cp & 0x3F)));
      } else if (Character.isSurrogate(c)) {
        buf.put(p++, (byte) '?');
      } else {
        buf.put(p++, (byte) (0xE0 | (c >> 12)));
        buf.put(p++, (byte) (0x80 | ((c >> 6) & 0x3F)));
        buf.put(p++, (byte) (0x80 | (c & 0x3F)));
      }
    }
    return p;
  }

  /** Decodes {@code len} bytes at {@code pos}; malformed input becomes U+FFFD as in the client. */
  static String decode(ByteBuffer buf, int pos, int len) {
    if (len == 0) {
      return "";
    }
    if (buf.hasArray()) {
      return new String(buf.array(), buf.arrayOffset() + pos, len, StandardCharsets.UTF_8);
    }
    byte[] copy = new byte[len];
    buf.get(pos, copy);
    return new String(copy, StandardCharsets.UTF_8);
  }
}
