package io.actormq.protocol.remoting;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * RocketMQ's binary ({@code ROCKETMQ}) header, big-endian:
 *
 * <pre>
 * code i16 | language u8 | version i16 | opaque i32 | flag i32 |
 * remarkLen i32 + UTF-8 | extLen i32 + repeated (keyLen i16, key, valLen i32, val)
 * </pre>
 *
 * <p>A length of 0 means null, as in RocketMQ: an empty remark reads back as null and an ext entry
 * with an empty value reads back as absent (our maps hold no nulls). Bytes after the ext block are
 * ignored, as RocketMQ does, leaving room for future fields.
 */
final class BinaryHeaderCodec {

  /** code + language + version + opaque + flag + remarkLen + extLen. */
  static final int FIXED_LENGTH = 2 + 1 + 2 + 4 + 4 + 4 + 4;

  private BinaryHeaderCodec() {}

  /**
   * Writes the header into {@code buffer} from offset 0; returns its length.
   *
   * @throws IllegalArgumentException for what the layout cannot carry: a code or version beyond 16
   *     bits, a key beyond 32767 bytes
   */
  static int write(RemotingCommand cmd, HeaderBuffer buffer) {
    requireShort(cmd.code(), "code");
    requireShort(cmd.version(), "version");
    byte[] b = buffer.ensure(0, FIXED_LENGTH);
    int p = putShort(b, 0, cmd.code());
    b[p++] = cmd.language().code();
    p = putShort(b, p, cmd.version());
    p = putInt(b, p, cmd.opaque());
    p = putInt(b, p, cmd.flag());
    int remarkAt = p;
    p += 4;
    if (cmd.remark() != null) {
      b = buffer.ensure(p, cmd.remark().length() * 3L);
      p = Utf8.write(cmd.remark(), b, p);
    }
    putInt(b, remarkAt, p - remarkAt - 4);
    b = buffer.ensure(p, 4);
    int extLenAt = p;
    p += 4;
    DirectHeader direct = cmd.directHeader();
    if (direct != null) {
      Sink sink = buffer.binarySink();
      sink.start(buffer, p);
      direct.writeFields(sink);
      p = sink.p;
      b = buffer.bytes();
      putInt(b, extLenAt, p - extLenAt - 4);
      return p;
    }
    for (Map.Entry<String, String> e : cmd.extFields().entrySet()) {
      b = buffer.ensure(p, 6 + (e.getKey().length() + (long) e.getValue().length()) * 3);
      int keyAt = p;
      p = Utf8.write(e.getKey(), b, p + 2);
      int keyLength = p - keyAt - 2;
      if (keyLength > Short.MAX_VALUE) {
        throw new IllegalArgumentException("extFields key longer than 32767 bytes");
      }
      putShort(b, keyAt, keyLength);
      int valAt = p;
      p = Utf8.write(e.getValue(), b, p + 4);
      putInt(b, valAt, p - valAt - 4);
    }
    putInt(b, extLenAt, p - extLenAt - 4);
    return p;
  }

  /** Writes a typed header's fields as ext entries. */
  static final class Sink implements FieldSink {
    private HeaderBuffer buffer;
    int p;

    void start(HeaderBuffer buffer, int p) {
      this.buffer = buffer;
      this.p = p;
    }

    private byte[] name(FieldName name, long valueRoom) {
      byte[] b = buffer.ensure(p, name.binary.length + valueRoom + 4);
      System.arraycopy(name.binary, 0, b, p, name.binary.length);
      p += name.binary.length;
      return b;
    }

    @Override
    public void string(FieldName name, String value) {
      byte[] b = name(name, value.length() * 3L);
      int valAt = p;
      p = Utf8.write(value, b, p + 4);
      putInt(b, valAt, p - valAt - 4);
    }

    @Override
    public void number(FieldName name, long value) {
      byte[] b = name(name, 20);
      int valAt = p;
      p = Utf8.writeDecimal(value, b, p + 4);
      putInt(b, valAt, p - valAt - 4);
    }

    @Override
    public void bool(FieldName name, boolean value) {
      byte[] b = name(name, 5);
      int valAt = p;
      p = Utf8.writeAscii(value ? TRUE : FALSE, b, p + 4);
      putInt(b, valAt, p - valAt - 4);
    }
  }

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  /** Decodes the header held in {@code h}'s remaining bytes; {@code body} may be null. */
  static RemotingCommand decode(ByteBuffer h, ByteBuffer body) {
    int p = h.position();
    int end = h.limit();
    if (end - p < FIXED_LENGTH) {
      throw malformed("binary header of " + (end - p) + " bytes is shorter than " + FIXED_LENGTH);
    }
    int code = h.getShort(p);
    LanguageCode language = LanguageCode.fromCode(h.get(p + 2) & 0xFF);
    int version = h.getShort(p + 3);
    int opaque = h.getInt(p + 5);
    int flag = h.getInt(p + 9);
    p += 13;
    int remarkLen = h.getInt(p);
    p += 4;
    checkLength(remarkLen, end - p - 4, "remark");
    String remark = remarkLen == 0 ? null : string(h, p, remarkLen);
    p += remarkLen;
    int extLen = h.getInt(p);
    p += 4;
    checkLength(extLen, end - p, "extFields");
    Map<String, String> ext = extLen == 0 ? null : extFields(h, p, p + extLen);
    return RemotingCommand.wrap(code, language, version, opaque, flag, remark, ext, body);
  }

  private static Map<String, String> extFields(ByteBuffer h, int p, int end) {
    byte[] src;
    int base;
    if (h.hasArray()) {
      src = h.array();
      base = h.arrayOffset();
    } else {
      src = new byte[end - p];
      h.get(p, src);
      base = -p;
    }
    HeaderFields ext = new HeaderFields(src, 16);
    while (p < end) {
      if (end - p < 2) {
        throw malformed("truncated extFields key length");
      }
      int keyLen = h.getShort(p);
      p += 2;
      checkLength(keyLen, end - p - 4, "extFields key");
      String key = JsonHeaderCodec.KNOWN.find(src, base + p, keyLen);
      if (key == null) {
        key = new String(src, base + p, keyLen, StandardCharsets.UTF_8);
      }
      p += keyLen;
      int valLen = h.getInt(p);
      p += 4;
      checkLength(valLen, end - p, "extFields value");
      if (valLen > 0) {
        ext.addRaw(key, base + p, valLen);
      }
      p += valLen;
    }
    return ext.isEmpty() ? null : ext;
  }

  private static void checkLength(int len, int available, String what) {
    if (len < 0 || len > available) {
      throw malformed(what + " length " + len + " exceeds the header (" + available + " left)");
    }
  }

  private static String string(ByteBuffer h, int p, int len) {
    if (h.hasArray()) {
      return new String(h.array(), h.arrayOffset() + p, len, StandardCharsets.UTF_8);
    }
    byte[] bytes = new byte[len];
    h.get(p, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void requireShort(int v, String what) {
    if (v != (short) v) {
      throw new IllegalArgumentException(what + " " + v + " does not fit a binary header");
    }
  }

  private static int putShort(byte[] b, int p, int v) {
    b[p] = (byte) (v >> 8);
    b[p + 1] = (byte) v;
    return p + 2;
  }

  private static int putInt(byte[] b, int p, int v) {
    b[p] = (byte) (v >> 24);
    b[p + 1] = (byte) (v >> 16);
    b[p + 2] = (byte) (v >> 8);
    b[p + 3] = (byte) v;
    return p + 4;
  }

  private static ProtocolException malformed(String message) {
    return new ProtocolException(ProtocolException.Reason.MALFORMED_HEADER, message);
  }
}
