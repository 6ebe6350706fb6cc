package io.actormq.protocol.remoting;

import io.actormq.protocol.json.JsonException;
import io.actormq.protocol.json.JsonReader;
import io.actormq.protocol.json.JsonStringTable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The JSON header, hand-written: the writer puts bytes straight into a buffer (no tree, no
 * reflection). Headers in the shape clients write are read by {@link JsonHeaderScanner} in one
 * pass; any other header by a {@link JsonReader} cursor walking the flat object, sharing the
 * strings of a fixed vocabulary instead of allocating them.
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

  /**
   * Names shared rather than allocated per request: the header's own fields, the extFields keys of
   * RocketMQ's header classes and a few enum-like values. A name missing here still decodes, only
   * with one more allocation. extFields values are not looked up: they stay ranges of the header
   * bytes, and typed headers parse numbers and booleans from those bytes, which costs less than
   * hashing every short value to share it.
   */
  static final JsonStringTable KNOWN =
      new JsonStringTable(
          List.of(
              // the header
              "code",
              "language",
              "version",
              "opaque",
              "flag",
              "remark",
              "extFields",
              "serializeTypeCurrentRPC",
              "JAVA",
              "GO",
              "CPP",
              "PYTHON",
              "RUST",
              "DOTNET",
              // common request fields (RocketMQ's RpcRequestHeader and TopicRequestHeader)
              "bname",
              "lo",
              "ns",
              "nsd",
              "oway",
              // send (V2 short names, then V1) and its response
              "a",
              "b",
              "c",
              "d",
              "e",
              "f",
              "g",
              "h",
              "i",
              "j",
              "k",
              "l",
              "m",
              "n",
              "producerGroup",
              "topic",
              "defaultTopic",
              "defaultTopicQueueNums",
              "queueId",
              "sysFlag",
              "bornTimestamp",
              "properties",
              "reconsumeTimes",
              "unitMode",
              "maxReconsumeTimes",
              "batch",
              "msgId",
              "queueOffset",
              "transactionId",
              "batchUniqId",
              "MSG_REGION",
              "TRACE_ON",
              // pull and its response
              "consumerGroup",
              "maxMsgNums",
              "commitOffset",
              "suspendTimeoutMillis",
              "subscription",
              "subVersion",
              "expressionType",
              "maxMsgBytes",
              "suggestWhichBrokerId",
              "nextBeginOffset",
              "minOffset",
              "maxOffset",
              "offsetDelta",
              "topicSysFlag",
              "groupSysFlag",
              "forbiddenType",
              // offsets, clients, transactions, queries
              "offset",
              "setZeroIfNotFound",
              "committed",
              "timestamp",
              "boundaryType",
              "clientID",
              "group",
              "delayLevel",
              "originMsgId",
              "originTopic",
              "tranStateTableOffset",
              "commitLogOffset",
              "commitOrRollback",
              "fromTransactionCheck",
              "offsetMsgId",
              "key",
              "maxNum",
              "beginTimestamp",
              "endTimestamp",
              "_UNIQUE_KEY_QUERY",
              "indexLastUpdateTimestamp",
              "indexLastUpdatePhyoffset",
              "acceptStandardJsonOnly",
              // values read as strings (extFields values stay raw bytes until asked for)
              "JSON",
              "ROCKETMQ"));

  private JsonHeaderCodec() {}

  /** Writes the header into {@code buffer} from offset 0; returns its length. */
  static int write(RemotingCommand cmd, HeaderBuffer buffer) {
    // The fixed part: punctuation, names, four ints of at most 11 characters and the language.
    byte[] b = buffer.ensure(0, 128);
    int p = Utf8.writeAscii(CODE, b, 0);
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
    String remark = cmd.remark();
    if (remark != null) {
      b = buffer.ensure(p, REMARK.length + remark.length() * 6L + 2);
      p = Utf8.writeAscii(REMARK, b, p);
      p = Utf8.writeJsonString(remark, b, p, false);
    }
    b = buffer.ensure(p, EXT_FIELDS.length);
    p = Utf8.writeAscii(EXT_FIELDS, b, p);
    DirectHeader direct = cmd.directHeader();
    if (direct != null) {
      Sink sink = buffer.jsonSink();
      sink.start(buffer, p);
      direct.writeFields(sink);
      p = sink.p;
      b = buffer.ensure(p, END.length);
      return Utf8.writeAscii(END, b, p);
    }
    boolean first = true;
    for (Map.Entry<String, String> e : cmd.extFields().entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      b = buffer.ensure(p, (key.length() + (long) value.length()) * 6 + 6);
      if (!first) {
        b[p++] = ',';
      }
      first = false;
      // fastjson2 (RocketMQ 5.x) misreads a raw 4-byte character followed by an escape inside
      // an object key, even from its own writer; escaped surrogates read fine.
      p = Utf8.writeJsonString(key, b, p, true);
      b[p++] = ':';
      p = Utf8.writeJsonString(value, b, p, false);
    }
    b = buffer.ensure(p, END.length);
    return Utf8.writeAscii(END, b, p);
  }

  /** Writes a typed header's fields as the members of the extFields object. */
  static final class Sink implements FieldSink {
    private HeaderBuffer buffer;
    int p;
    private boolean first;

    void start(HeaderBuffer buffer, int p) {
      this.buffer = buffer;
      this.p = p;
      this.first = true;
    }

    private byte[] name(FieldName name, long valueRoom) {
      byte[] b = buffer.ensure(p, name.json.length + valueRoom + 1);
      if (!first) {
        b[p++] = ',';
      }
      first = false;
      System.arraycopy(name.json, 0, b, p, name.json.length);
      p += name.json.length;
      return b;
    }

    @Override
    public void string(FieldName name, String value) {
      byte[] b = name(name, value.length() * 6L + 2);
      p = Utf8.writeJsonString(value, b, p, false);
    }

    @Override
    public void number(FieldName name, long value) {
      byte[] b = name(name, 22);
      b[p++] = '"';
      p = Utf8.writeDecimal(value, b, p);
      b[p++] = '"';
    }

    @Override
    public void bool(FieldName name, boolean value) {
      byte[] b = name(name, 7);
      p = Utf8.writeAscii(value ? QUOTED_TRUE : QUOTED_FALSE, b, p);
    }
  }

  private static final byte[] QUOTED_TRUE = ascii("\"true\"");
  private static final byte[] QUOTED_FALSE = ascii("\"false\"");

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
    RemotingCommand simple = JsonHeaderScanner.decode(bytes, off, len, body);
    return simple != null ? simple : decodeGeneral(bytes, off, len, body);
  }

  /** The general reader alone: any header JSON, or the protocol error. */
  static RemotingCommand decodeGeneral(byte[] bytes, int off, int len, ByteBuffer body) {
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
        String name = r.nextString(KNOWN);
        r.consume(':');
        switch (name) {
          case "code" -> code = intValue(r, name);
          case "language" -> language = language(r);
          case "version" -> version = intValue(r, name);
          case "opaque" -> opaque = intValue(r, name);
          case "flag" -> flag = intValue(r, name);
          case "remark" -> remark = optionalString(r, name);
          case "extFields" -> ext = extFields(r);
          case "serializeTypeCurrentRPC" -> skipString(r); // every Java client sends it
          default -> r.nextValue(); // whatever else comes
        }
      } while (r.tryConsume(','));
      r.consume('}');
    }
    r.finish();
    return RemotingCommand.wrap(code, language, version, opaque, flag, remark, ext, body);
  }

  private static void skipString(JsonReader r) {
    if (r.peek() == '"') {
      r.nextString(KNOWN);
    } else {
      r.nextValue();
    }
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
      return LanguageCode.fromName(r.nextString(KNOWN));
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
    r.consume('{');
    if (r.tryConsume('}')) {
      return null;
    }
    byte[] in = r.input();
    HeaderFields ext = new HeaderFields(in, 16);
    do {
      String key = r.nextString(KNOWN);
      r.consume(':');
      long plain = r.tryPlainString();
      if (plain >= 0) {
        int off = (int) (plain >>> 32);
        int len = (int) plain;
        ext.addRaw(key, off, len);
      } else if (r.peek() == '"') {
        ext.add(key, r.nextString());
      } else {
        Object v = r.nextValue();
        if (v instanceof Number || v instanceof Boolean) {
          ext.add(key, v.toString());
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

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
