package io.actormq.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  @Test
  void streamsNestedStructures() {
    JsonWriter w = new JsonWriter(16);
    w.beginObject()
        .name("consumerGroup")
        .value("cg")
        .name("onlyThisBroker")
        .value(true)
        .name("mqSet")
        .beginArray()
        .beginObject()
        .name("topic")
        .value("T")
        .name("queueId")
        .value(3)
        .endObject()
        .beginObject()
        .endObject()
        .endArray()
        .name("none")
        .nullValue()
        .name("nullString")
        .value((String) null)
        .name("ratio")
        .value(0.25)
        .name("whole")
        .value(2.0)
        .name("min")
        .value(Long.MIN_VALUE)
        .name("neg")
        .value(-120)
        .endObject();

    assertThat(w.isComplete()).isTrue();
    assertThat(w.toString())
        .isEqualTo(
            "{\"consumerGroup\":\"cg\",\"onlyThisBroker\":true,\"mqSet\":[{\"topic\":\"T\","
                + "\"queueId\":3},{}],\"none\":null,\"nullString\":null,\"ratio\":0.25,"
                + "\"whole\":2.0,\"min\":-9223372036854775808,\"neg\":-120}");
    assertThat(w.toByteArray()).hasSize(w.size());
    ByteBuffer out = ByteBuffer.allocate(w.size());
    w.writeTo(out);
    assertThat(out.hasRemaining()).isFalse();
  }

  @Test
  void escapesWhatJsonRequiresAndWritesUtf8() {
    String tricky = "q\"b\\s/\n\r\t\b\f\u0001\u001f é中😀 \u2028 lone\uD800 end\uDC00";
    String json = JsonWriter.toString(tricky);
    assertThat(json)
        .isEqualTo(
            "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f é中😀 \\u2028 lone\\ud800"
                + " end\\udc00\"");
    assertThat(JsonReader.parse(json)).isEqualTo(tricky);
    assertThat(new JsonWriter().value("é").toByteArray())
        .isEqualTo("\"é\"".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void treesRoundTrip() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("s", "text with \"quotes\" and 中文");
    root.put("l", Long.MAX_VALUE);
    root.put("d", -1.25e-7);
    root.put("big", new BigDecimal("123456789012345678901234567890"));
    root.put("b", false);
    root.put("n", null);
    List<Object> list = new ArrayList<>();
    list.add(1L);
    list.add(List.of());
    list.add(Map.of());
    list.add("x");
    root.put("list", list);
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("0", "10.0.0.5:10911");
    root.put("addrs", nested);

    byte[] bytes = JsonWriter.toBytes(root);
    assertThat(JsonReader.parse(bytes)).isEqualTo(root);
  }

  @Test
  void convertsOtherJavaTypes() {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(0, 1);
    map.put("short", (short) 2);
    map.put("float", 1.5f);
    map.put("char", 'c');
    map.put("array", new Object[] {"a", 1});
    assertThat(JsonWriter.toString(map))
        .isEqualTo("{\"0\":1,\"short\":2,\"float\":1.5,\"char\":\"c\",\"array\":[\"a\",1]}");
    assertThatThrownBy(() -> JsonWriter.toString(new Object()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JsonWriter().value(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void misuseIsAnIllegalState() {
    assertThatThrownBy(() -> new JsonWriter().beginObject().value("x"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().beginObject().name("a").endObject())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().beginArray().name("a"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().beginArray().endObject())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().value(1).value(2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().endArray()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void resetReusesTheWriter() {
    JsonWriter w = new JsonWriter();
    w.beginArray().value(1).endArray();
    w.reset().beginObject().endObject();
    assertThat(w.toString()).isEqualTo("{}");
  }

  @Test
  void deepAndLargeOutputGrowsTheBuffers() {
    JsonWriter w = new JsonWriter(16);
    for (int i = 0; i < 50; i++) {
      w.beginArray();
    }
    w.value("x".repeat(10_000));
    for (int i = 0; i < 50; i++) {
      w.endArray();
    }
    assertThat(w.isComplete()).isTrue();
    assertThat(w.size()).isEqualTo(10_102);
  }

  @Test
  void randomStringsRoundTrip() {
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      char[] chars = new char[random.nextInt(30)];
      for (int j = 0; j < chars.length; j++) {
        chars[j] = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
      }
      String s = new String(chars);
      assertThat(JsonReader.parse(JsonWriter.toBytes(s))).isEqualTo(s);
    }
  }
}
