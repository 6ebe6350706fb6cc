package io.actormq.protocol.remoting;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte-level tests for {@link JsonHeaderScanner}: word-at-a-time scanning, escapes, UTF-8. */
final class JsonBytes {

  private JsonBytes() {}

  static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * Nonzero if one of the 8 bytes (little-endian) is a quote, a backslash, a control byte or
   * non-ASCII; the lowest set bit then lies in the first such byte (the borrows of the zero-byte
   * tests only mark bytes above a true match). Values of a dozen or more bytes are scanned a word
   * at a time this way.
   */
  static long specials(long x) {
    long q = x ^ 0x2222222222222222L;
    long s = x ^ 0x5C5C5C5C5C5C5C5CL;
    return (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((x - 0x2020202020202020L) & ~x) | x) & HIGHS;
  }

  static int simpleEscape(byte e) {
    return switch (e) {
      case '"', '\\', '/' -> e;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      default -> -1;
    };
  }

  // Hex digit values by byte, -1 for the rest.
  static final byte[] HEX = new byte[256];

  static {
    java.util.Arrays.fill(HEX, (byte) -1);
    for (int i = 0; i < 10; i++) {
      HEX['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      HEX['a' + i] = (byte) (10 + i);
      HEX['A' + i] = (byte) (10 + i);
    }
  }

  /** Whether {@code in[from, to)} is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
  static boolean validUtf8(byte[] in, int from, int to) {
    int i = from;
    while (i < to) {
      int lead = in[i] & 0xFF;
      if (lead < 0x80) {
        i++;
        continue;
      }
      int need;
      int min;
      int cp;
      if (lead >= 0xC2 && lead <= 0xDF) {
        need = 1;
        min = 0x80;
        cp = lead & 0x1F;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 2;
        min = 0x800;
        cp = lead & 0x0F;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 3;
        min = 0x10000;
        cp = lead & 0x07;
      } else {
        return false;
      }
      if (to - i - 1 < need) {
        return false;
      }
      for (int k = 1; k <= need; k++) {
        int c = in[i + k];
        if ((c & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += need + 1;
    }
    return true;
  }
}
