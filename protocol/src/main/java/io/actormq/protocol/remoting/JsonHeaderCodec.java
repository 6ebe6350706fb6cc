package io.actormq.protocol.remoting;

import io.actormq.protocol.json.JsonException;
import io.actormq.protocol.json.JsonReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON header, hand-written: the writer measures then writes bytes directly (no tree, no
 * reflection), the reader walks the flat object with a {@link JsonReader} cursor.
 *
 * <p>Written form: {@code {"code":..,"language":"JAVA","version":..,"opaque":..,"flag":..,
 * "remark":"..","extFields":{..}}}. {@code remark} is omitted when null; {@code extFields} is
 * always present, even empty, because the Java client dereferences it on some responses (send
 * results read {@code MSG_REGION} from it). Reading accepts fields in any order, ignores unknown
 * ones such as {@code serializeTypeCurrentRPC}, takes null for absent, and accepts numbers or
 * booleans as extFields values (kept as their text), which other-language clients may send.
 */
final class JsonHeaderCodec {

  private static final byte[] CODE = ascii("{\"code\":");
  private static final byte[] LANGUAGE = ascii(",\"language\":");
  private static final byte[] VERSION = ascii(",\"version\":");
  private static final byte[] OPAQUE = ascii(",\"opaque\":");
  private static final byte[] FLAG = ascii(",\"flag\":");
  private static final byte[] REMARK = ascii(",\"remark\":");
  private static final byte[] EXT_FIELDS = ascii(",\"extFields\":{");
  private static final byte[] END = ascii("}}");

  private JsonHeaderCodec() {}

  /** Exact number of bytes {@link #write} produces. */
  static long measure(RemotingCommand cmd) {
    long len =
        CODE.length
            + Utf8.decimalLength(cmd.code())
            + LANGUAGE.length
            + cmd.language().name().length()
            + 2
            + VERSION.length
            + Utf8.decimalLength(cmd.version())
            + OPAQUE.length
            + Utf8.decimalLength(cmd.opaque())
            + FLAG.length
            + Utf8.decimalLength(cmd.flag())
            + EXT_FIELDS.length
            + END.length;
    if (cmd.remark() != null) {
      len += REMARK.length + Utf8.jsonLength(cmd.remark(), false);
    }
    Map<String, String> ext = cmd.extFields();
    if (!ext.isEmpty()) {
      len += ext.size() * 2L - 1; // colons and commas
      for (Map.Entry<String, String> e : ext.entrySet()) {
        len += Utf8.jsonLength(e.getKey(), true) + Utf8.jsonLength(e.getValue(), false);
      }
    }
    return len;
  }

  /** Writes the header at {@code p}; returns the end position. */
  static int write(RemotingCommand cmd, byte[] b, int p) {
    p = Utf8.writeAscii(CODE, b, p);
    p = Utf8.writeDecimal(cmd.code(), b, p);
    p = Utf8.writeAscii(LANGUAGE, b, p);
    b[p++] = '"';
    String language = cmd.language().name();
    for (int i = 0; i < language.length(); i++) {
      b[p++] = (byte) language.charAt(i);
    }
    b[p++] = '"';
    p = Utf8.writeAscii(VERSION, b, p);
    p = Utf8.writeDecimal(cmd.version(), b, p);
    p = Utf8.writeAscii(OPAQUE, b, p);
    p = Utf8.writeDecimal(cmd.opaque(), b, p);
    p = Utf8.writeAscii(FLAG, b, p);
    p = Utf8.writeDecimal(cmd.flag(), b, p);
    if (cmd.remark() != null) {
      p = Utf8.writeAscii(REMARK, b, p);
      p = Utf8.writeJsonString(cmd.remark(), b, p, false);
    }
    p = Utf8.writeAscii(EXT_FIELDS, b, p);
    boolean first = true;
    for (Map.Entry<String, String> e : cmd.extFields().entrySet()) {
      if (!first) {
        b[p++] = ',';
      }
      first = false;
      // fastjson2 (RocketMQ 5.x) misreads a raw 4-byte character followed by an escape inside
      // an object key, even from its own writer; escaped surrogates read fine.
      p = Utf8.writeJsonString(e.getKey(), b, p, true);
      b[p++] = ':';
      p = Utf8.writeJsonString(e.getValue(), b, p, false);
    }
    return Utf8.writeAscii(END, b, p);
  }

  /** Decodes the header held in {@code header}'s remaining bytes; {@code body} may be null. */
  static RemotingCommand decode(ByteBuffer header, ByteBuffer body) {
    byte[] bytes;
    int off;
    int len = header.remaining();
    if (header.hasArray()) {
      bytes = header.array();
      off = header.arrayOffset() + header.position();
    } else {
      bytes = new byte[len];
      header.duplicate().get(bytes);
      off = 0;
    }
    try {
      return decode(JsonReader.cursor(bytes, off, len), body);
    } catch (JsonException e) {
      throw new ProtocolException(
          ProtocolException.Reason.MALFORMED_HEADER, "malformed JSON header: " + e.getMessage());
    }
  }

  private static RemotingCommand decode(JsonReader r, ByteBuffer body) {
    int code = 0;
    LanguageCode language = LanguageCode.JAVA;
    int version = 0;
    int opaque = 0;
    int flag = 0;
    String remark = null;
    Map<String, String> ext = null;
    r.consume('{');
    if (!r.tryConsume('}')) {
      do {
        String name = r.nextString();
        r.consume(':');
        switch (name) {
          case "code" -> code = intValue(r, name);
          case "language" -> language = language(r);
          case "version" -> version = intValue(r, name);
          case "opaque" -> opaque = intValue(r, name);
          case "flag" -> flag = intValue(r, name);
          case "remark" -> remark = optionalString(r, name);
          case "extFields" -> ext = extFields(r);
          default -> r.nextValue(); // serializeTypeCurrentRPC and whatever comes next
        }
      } while (r.tryConsume(','));
      r.consume('}');
    }
    r.finish();
    return RemotingCommand.wrap(code, language, version, opaque, flag, remark, ext, body);
  }

  private static int intValue(JsonReader r, String name) {
    int next = r.peek();
    long v;
    if (next == 'n') {
      r.nextValue();
      return 0;
    } else if (next == '"') {
      // fastjson reads quoted numbers too, so some writer somewhere sends them.
      String s = r.nextString();
      try {
        v = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw malformed("header field '" + name + "' is not a number");
      }
    } else {
      v = r.nextLong();
    }
    if (v != (int) v) {
      throw malformed("header field '" + name + "' is out of range: " + v);
    }
    return (int) v;
  }

  private static LanguageCode language(JsonReader r) {
    int next = r.peek();
    if (next == '"') {
      return LanguageCode.fromName(r.nextString());
    }
    if (next == 'n') {
      r.nextValue();
      return LanguageCode.JAVA;
    }
    long v = r.nextLong();
    return LanguageCode.fromCode(v == (int) v ? (int) v : -1);
  }

  private static String optionalString(JsonReader r, String name) {
    Object v = r.nextValue();
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw malformed("header field '" + name + "' is not a string");
  }

  private static Map<String, String> extFields(JsonReader r) {
    if (r.peek() == 'n') {
      r.nextValue();
      return null;
    }
    Map<String, String> ext = new HashMap<>();
    r.consume('{');
    if (r.tryConsume('}')) {
      return ext;
    }
    do {
      String key = r.nextString();
      r.consume(':');
      if (r.peek() == '"') {
        ext.put(key, r.nextString());
      } else {
        Object v = r.nextValue();
        if (v instanceof Number || v instanceof Boolean) {
          ext.put(key, v.toString());
        } else if (v != null) {
          throw malformed("extFields value of '" + key + "' is not a scalar");
        }
      }
    } while (r.tryConsume(','));
    r.consume('}');
    return ext;
  }

  private static ProtocolException malformed(String message) {
    return new ProtocolException(ProtocolException.Reason.MALFORMED_HEADER, message);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
