package io.actormq.protocol.message;

import java.nio.ByteBuffer;

/**
 * The two message ids of RocketMQ.
 *
 * <ul>
 *   <li><b>offsetMsgId</b>: uppercase hex of the store host's address bytes, its port (i32) and the
 *       message's commitLogOffset (i64); 32 characters for IPv4, 56 for IPv6. Brokers return it
 *       from sends; clients decode it to reach the broker again.
 *   <li><b>UNIQ_KEY</b>: the id producers put in the properties and consumers see as {@code msgId};
 *       see {@link UniqKeyGenerator}.
 * </ul>
 */
public final class MessageIds {

  static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private MessageIds() {}

  public static String offsetMsgId(HostAddress storeHost, long commitLogOffset) {
    byte[] ip = storeHost.ipBytes();
    byte[] out = new byte[(ip.length + 12) * 2];
    int p = 0;
    for (byte b : ip) {
      p = hexByte(out, p, b);
    }
    p = hexInt(out, p, storeHost.port());
    p = hexInt(out, p, (int) (commitLogOffset >>> 32));
    hexInt(out, p, (int) commitLogOffset);
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** The offsetMsgId of a store host kept at {@code hostPos} in a record (no host object). */
  static String offsetMsgId(ByteBuffer buf, int hostPos, int ipLength, long commitLogOffset) {
    byte[] out = new byte[(ipLength + 12) * 2];
    int p = 0;
    for (int i = 0; i < ipLength; i++) {
      p = hexByte(out, p, buf.get(hostPos + i));
    }
    p = hexInt(out, p, buf.getInt(hostPos + ipLength));
    p = hexInt(out, p, (int) (commitLogOffset >>> 32));
    hexInt(out, p, (int) commitLogOffset);
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /**
   * Parses an offsetMsgId (hex digits in either case).
   *
   * @throws MessageFormatException if it is null, not 32 or 56 characters long, not hex, or carries
   *     a port outside 0-65535
   */
  public static OffsetMsgId decodeOffsetMsgId(String id) {
    if (id == null) {
      throw new MessageFormatException("offsetMsgId is null");
    }
    int ipLength;
    if (id.length() == 32) {
      ipLength = 4;
    } else if (id.length() == 56) {
      ipLength = 16;
    } else {
      throw new MessageFormatException(
          "offsetMsgId must have 32 or 56 hex characters, not " + id.length());
    }
    byte[] ip = new byte[ipLength];
    for (int i = 0; i < ipLength; i++) {
      ip[i] = (byte) parseHex(id, i * 2, 2);
    }
    int portAt = ipLength * 2;
    long port = parseHex(id, portAt, 8);
    if (port > 0xFFFF) {
      throw new MessageFormatException("offsetMsgId carries an invalid port " + (int) port);
    }
    long offset = (parseHex(id, portAt + 8, 8) << 32) | parseHex(id, portAt + 16, 8);
    return new OffsetMsgId(HostAddress.of(ip, (int) port), offset);
  }

  /** True if {@code id} has the shape of an offsetMsgId (length and hex digits). */
  public static boolean isOffsetMsgId(String id) {
    if (id == null || (id.length() != 32 && id.length() != 56)) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (digit(id.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** A fresh UNIQ_KEY from the process-wide generator. */
  public static String createUniqKey() {
    return UniqKeyGenerator.shared().next();
  }

  // The two uppercase hex digits of every byte value, high digit first: a pull decode builds an
  // offsetMsgId per message, and a digit per nibble was a tenth of that decode's time.
  private static final byte[] HEX_PAIRS = new byte[512];

  static {
    for (int v = 0; v < 256; v++) {
      HEX_PAIRS[2 * v] = (byte) HEX[v >>> 4];
      HEX_PAIRS[2 * v + 1] = (byte) HEX[v & 0xF];
    }
  }

  private static int hexByte(byte[] out, int p, byte b) {
    int i = (b & 0xFF) << 1;
    out[p] = HEX_PAIRS[i];
    out[p + 1] = HEX_PAIRS[i + 1];
    return p + 2;
  }

  private static int hexInt(byte[] out, int p, int v) {
    hexByte(out, p, (byte) (v >>> 24));
    hexByte(out, p + 2, (byte) (v >>> 16));
    hexByte(out, p + 4, (byte) (v >>> 8));
    return hexByte(out, p + 6, (byte) v);
  }

  /** Writes {@code digits} hex digits of {@code value} (low bits) at {@code p}. */
  static int hex(char[] out, int p, int value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[p + i] = HEX[value & 0xF];
      value >>>= 4;
    }
    return p + digits;
  }

  /** Parses {@code n} (at most 8) hex digits at {@code from} as an unsigned value. */
  private static long parseHex(String s, int from, int n) {
    long v = 0;
    for (int i = from; i < from + n; i++) {
      int d = digit(s.charAt(i));
      if (d < 0) {
        throw new MessageFormatException(
            "offsetMsgId has a non-hex character at index " + i + ": " + s);
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
