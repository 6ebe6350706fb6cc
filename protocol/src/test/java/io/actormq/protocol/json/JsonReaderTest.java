package io.actormq.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {

  @Test
  void parsesTheRouteBodyFromTheReference() {
    String json =
        "{\"brokerDatas\":[{\"brokerAddrs\":{\"0\":\"10.0.0.5:10911\"},\"brokerName\":\"b1\","
            + "\"cluster\":\"C1\"}],\"filterServerTable\":{},\n \"queueDatas\":[{\"brokerName\":"
            + "\"b1\",\"perm\":6,\"readQueueNums\":4,\"writeQueueNums\":4,\"topicSysFlag\":0}]}";
    Map<String, Object> root = JsonTree.asObject(JsonReader.parse(json), "root");

    assertThat(root).containsOnlyKeys("brokerDatas", "filterServerTable", "queueDatas");
    Map<String, Object> broker = JsonTree.asObject(JsonTree.array(root, "brokerDatas").get(0), "b");
    assertThat(JsonTree.object(broker, "brokerAddrs")).containsEntry("0", "10.0.0.5:10911");
    Map<String, Object> queue = JsonTree.asObject(JsonTree.array(root, "queueDatas").get(0), "q");
    assertThat(queue.get("perm")).isEqualTo(6L);
    assertThat(JsonTree.intValue(queue, "readQueueNums")).isEqualTo(4);
    // Insertion order is preserved, which keeps re-serialised bodies stable.
    assertThat(queue.keySet())
        .containsExactly("brokerName", "perm", "readQueueNums", "writeQueueNums", "topicSysFlag");
  }

  @Test
  void scalarsAndNumberTypes() {
    assertThat(JsonReader.parse("true")).isEqualTo(true);
    assertThat(JsonReader.parse(" false ")).isEqualTo(false);
    assertThat(JsonReader.parse("null")).isNull();
    assertThat(JsonReader.parse("0")).isEqualTo(0L);
    assertThat(JsonReader.parse("-0")).isEqualTo(0L);
    assertThat(JsonReader.parse("-17")).isEqualTo(-17L);
    assertThat(JsonReader.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(JsonReader.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(JsonReader.parse("9223372036854775808"))
        .isEqualTo(new BigDecimal("9223372036854775808"));
    assertThat(JsonReader.parse("-92233720368547758090"))
        .isEqualTo(new BigDecimal("-92233720368547758090"));
    assertThat(JsonReader.parse("1.5")).isEqualTo(1.5d);
    assertThat(JsonReader.parse("-2.5e-3")).isEqualTo(-0.0025d);
    assertThat(JsonReader.parse("1E2")).isEqualTo(100.0d);
    assertThat(JsonReader.parse("1e400")).isEqualTo(new BigDecimal("1e400"));
    assertThat(JsonReader.parse("[]")).isEqualTo(List.of());
    assertThat(JsonReader.parse("{}")).isEqualTo(Map.of());
    assertThat(JsonReader.parse("[1,[2,[3]],{\"a\":null}]"))
        .isEqualTo(
            Arrays.asList(
                1L, List.of(2L, List.of(3L)), java.util.Collections.singletonMap("a", null)));
  }

  @Test
  void stringEscapesUnicodeAndSurrogates() {
    assertThat(JsonReader.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\""))
        .isEqualTo("a\"b\\c/d\b\f\n\r\t");
    assertThat(JsonReader.parse("\"\\u0041\\u00e9\\u4E2D\"")).isEqualTo("Aé中");
    // An escaped surrogate pair and a raw 4-byte UTF-8 sequence both give the same code point.
    assertThat(JsonReader.parse("\"\\uD83D\\uDE00\"")).isEqualTo("\uD83D\uDE00");
    assertThat(JsonReader.parse("\"😀 中文 é\"")).isEqualTo("😀 中文 é");
    // A lone escaped surrogate is legal JSON and is kept as is.
    assertThat(JsonReader.parse("\"x\\uD800y\"")).isEqualTo("x\uD800y");
    assertThat(JsonReader.parse("\"" + "é".repeat(5000) + "\"")).isEqualTo("é".repeat(5000));
  }

  @Test
  void duplicateKeysKeepTheLastValue() {
    assertThat(JsonReader.parse("{\"a\":1,\"a\":2}")).isEqualTo(Map.of("a", 2L));
  }

  @Test
  void readsFromByteBufferRegionsWithoutMovingThem() {
    byte[] bytes = "xx{\"k\":\"v\"}yy".getBytes(StandardCharsets.UTF_8);
    ByteBuffer heap = ByteBuffer.wrap(bytes, 2, 9).slice();
    assertThat(JsonReader.parse(heap)).isEqualTo(Map.of("k", "v"));
    assertThat(heap.position()).isZero();

    ByteBuffer direct = ByteBuffer.allocateDirect(9);
    direct.put(bytes, 2, 9).flip();
    assertThat(JsonReader.parse(direct)).isEqualTo(Map.of("k", "v"));
    assertThat(direct.remaining()).isEqualTo(9);
    assertThat(JsonReader.parse(bytes, 2, 9)).isEqualTo(Map.of("k", "v"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{",
        "}",
        "[",
        "[1,",
        "[1,]",
        "[,1]",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{a:1}",
        "{\"a\" 1}",
        "{\"a\":1 \"b\":2}",
        "[1 2]",
        "\"abc",
        "\"a\\x\"",
        "\"\\u12\"",
        "\"\\u12G4\"",
        "\"\\",
        "tru",
        "truth",
        "nul",
        "01",
        "-",
        "-a",
        "1.",
        "1.e3",
        ".5",
        "1e",
        "1e+",
        "+1",
        "NaN",
        "Infinity",
        "1 2",
        "{} {}",
        "'a'",
        "[1]]",
        "1e99999999999"
      })
  void rejectsMalformedInput(String json) {
    assertThatThrownBy(() -> JsonReader.parse(json)).isInstanceOf(JsonException.class);
  }

  @Test
  void rejectsControlCharactersAndInvalidUtf8() {
    assertThatThrownBy(() -> JsonReader.parse("\"a\nb\""))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("control character");
    byte[][] invalid = {
      {'"', (byte) 0xC3, '"'}, // truncated 2-byte sequence
      {'"', (byte) 0xC0, (byte) 0x80, '"'}, // overlong NUL
      {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // encoded surrogate
      {'"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'}, // beyond U+10FFFF
      {'"', (byte) 0x80, '"'}, // stray continuation byte
      {'"', (byte) 0xE4, (byte) 0xB8}, // cut off at end of input
    };
    for (byte[] bytes : invalid) {
      assertThatThrownBy(() -> JsonReader.parse(bytes)).isInstanceOf(JsonException.class);
    }
  }

  @Test
  void errorsSayWhere() {
    assertThatThrownBy(() -> JsonReader.parse("{\"a\":1,\"b\":x}"))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("offset 11")
        .satisfies(e -> assertThat(((JsonException) e).offset()).isEqualTo(11));
  }

  @Test
  void depthIsLimited() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() -> JsonReader.parse(deep))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("nesting deeper than " + JsonReader.DEFAULT_MAX_DEPTH);
    String ok = "[".repeat(JsonReader.DEFAULT_MAX_DEPTH) + "]".repeat(JsonReader.DEFAULT_MAX_DEPTH);
    assertThat(JsonReader.parse(ok)).isInstanceOf(List.class);
    byte[] three = "[[[1]]]".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> JsonReader.parse(three, 0, three.length, 2))
        .isInstanceOf(JsonException.class);
  }

  @Test
  void overlongNumbersAreRejectedNotParsedSlowly() {
    assertThatThrownBy(() -> JsonReader.parse("1".repeat(100_000)))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("number longer");
  }

  @Test
  void cursorWalksAFlatObjectWithoutATree() {
    byte[] doc =
        " {\"code\" : 34, \"name\":\"é\\n\", \"skip\":[1,{\"x\":null}], \"big\":-9223372036854775808} "
            .getBytes(StandardCharsets.UTF_8);
    JsonReader r = JsonReader.cursor(doc, 0, doc.length);
    r.consume('{');
    assertThat(r.nextString()).isEqualTo("code");
    r.consume(':');
    assertThat(r.peek()).isEqualTo('3');
    assertThat(r.nextLong()).isEqualTo(34L);
    assertThat(r.tryConsume(',')).isTrue();
    assertThat(r.nextString()).isEqualTo("name");
    r.consume(':');
    assertThat(r.nextString()).isEqualTo("é\n");
    r.consume(',');
    assertThat(r.nextString()).isEqualTo("skip");
    r.consume(':');
    assertThat(r.nextValue()).isEqualTo(List.of(1L, java.util.Collections.singletonMap("x", null)));
    r.consume(',');
    r.nextString();
    r.consume(':');
    assertThat(r.nextLong()).isEqualTo(Long.MIN_VALUE);
    assertThat(r.tryConsume(',')).isFalse();
    r.consume('}');
    r.finish();
    assertThat(r.peek()).isEqualTo(-1);
    assertThat(r.offset()).isEqualTo(doc.length);
  }

  @Test
  void stringTableSharesKnownStrings() {
    JsonStringTable table = new JsonStringTable(List.of("topic", "queueId", "a", ""));
    byte[] doc = bytes("[\"topic\",\"queueId\",\"a\",\"\",\"other\",\"top\\u0069c\",\"é\"]");
    JsonReader r = JsonReader.cursor(doc, 0, doc.length);
    r.consume('[');
    assertThat(r.nextString(table)).isSameAs("topic");
    r.consume(',');
    assertThat(r.nextString(table)).isSameAs("queueId");
    r.consume(',');
    assertThat(r.nextString(table)).isSameAs("a");
    r.consume(',');
    assertThat(r.nextString(table)).isSameAs("");
    r.consume(',');
    assertThat(r.nextString(table)).isEqualTo("other");
    r.consume(',');
    assertThat(r.nextString(table)).isEqualTo("topic"); // escaped: decoded, not shared
    r.consume(',');
    assertThat(r.nextString(table)).isEqualTo("é");
    r.consume(']');
    r.finish();
    assertThatThrownBy(() -> new JsonStringTable(List.of("a\"b")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stringTableFindsEveryEntryAndNothingElseAmongEqualHashes() {
    // "Aa" and "BB" share a String.hashCode, as do all their concatenations of equal length.
    List<String> vocabulary = new java.util.ArrayList<>(List.of("Aa", "AaAa", "BBBB", "x", "~"));
    java.util.Random rnd = new java.util.Random(4);
    for (int i = 0; i < 300; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = 1 + rnd.nextInt(30); n > 0; n--) {
        sb.append((char) (0x20 + rnd.nextInt(0x5F)));
      }
      String s = sb.toString();
      if (s.indexOf('"') < 0 && s.indexOf('\\') < 0) {
        vocabulary.add(s);
      }
    }
    JsonStringTable table = new JsonStringTable(vocabulary);
    for (String s : vocabulary) {
      byte[] b = bytes("  " + s + "  ");
      assertThat(table.find(b, 2, s.length())).isSameAs(s.intern());
      byte[] quoted = bytes("\"" + s + "\"");
      assertThat(JsonReader.cursor(quoted, 0, quoted.length).nextString(table))
          .isSameAs(s.intern());
    }
    for (String absent : List.of("BB", "AaBB", "BBAa", "AaAaAa", "y", "", "Aa ", "\u00e9")) {
      byte[] b = absent.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(table.find(b, 0, b.length)).as(absent).isNull();
    }
  }

  @Test
  void cursorRejectsWrongTypes() {
    assertThatThrownBy(() -> JsonReader.cursor(bytes("1.5"), 0, 3).nextLong())
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("integer");
    assertThatThrownBy(() -> JsonReader.cursor(bytes("99999999999999999999"), 0, 20).nextLong())
        .isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> JsonReader.cursor(bytes("\"x\""), 0, 3).nextLong())
        .isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> JsonReader.cursor(bytes("12"), 0, 2).nextString())
        .isInstanceOf(JsonException.class);
    JsonReader trailing = JsonReader.cursor(bytes("{} x"), 0, 4);
    trailing.nextValue();
    assertThatThrownBy(trailing::finish).isInstanceOf(JsonException.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void randomBytesOnlyEverRaiseJsonException() {
    Random random = new Random(42);
    byte[] alphabet =
        "{}[]\":,-+.eE0123456789tfnrul \\\"u\n\u00e9".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int j = 0; j < bytes.length; j++) {
        bytes[j] =
            random.nextInt(8) == 0
                ? (byte) random.nextInt(256)
                : alphabet[random.nextInt(alphabet.length)];
      }
      try {
        JsonReader.parse(bytes);
      } catch (JsonException expected) {
        assertThat(expected.offset()).isBetween(0, bytes.length);
      }
    }
  }
}
