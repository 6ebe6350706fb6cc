package io.actormq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;

class MessagePropertiesTest {

  @Test
  void roundTripsWithTheClientCodec() {
    Map<String, String> map =
        Records.props("TAGS", "TagA", "KEYS", "a b c", "ключ", "значение 🚀", "E", "=:;,");
    String ours = MessageProperties.encode(map);
    assertThat(MessageDecoder.string2messageProperties(ours)).isEqualTo(map);
    assertThat(ours).isEqualTo(MessageDecoder.messageProperties2String(map));

    Map<String, String> theirsMap = new HashMap<>(map);
    theirsMap.put("NULL", null);
    String theirs = MessageDecoder.messageProperties2String(theirsMap);
    assertThat(MessageProperties.decode(theirs)).isEqualTo(map);
    byte[] utf8 = theirs.getBytes(StandardCharsets.UTF_8);
    assertThat(MessageProperties.decode(ByteBuffer.wrap(utf8), 0, utf8.length)).isEqualTo(map);
  }

  @Test
  void decodesAnyStringAsTheClientDoes() {
    String[] pieces = {
      "TAGS",
      "KEYS",
      "WAIT",
      "UNIQ_KEY",
      "TRACE_ON",
      "MSG_REGION",
      "TAGX",
      "T",
      "v",
      "键",
      "\u0001",
      "\u0002",
      "\u0001\u0001",
      "\u0002\u0002"
    };
    java.util.Random r = new java.util.Random(17);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(16);
      for (int i = 0; i < n; i++) {
        sb.append(pieces[r.nextInt(pieces.length)]);
      }
      String s = sb.toString();
      assertThat(MessageProperties.decode(s))
          .as("%s", s.replace('\u0001', '=').replace('\u0002', ';'))
          .isEqualTo(MessageDecoder.string2messageProperties(s));
    }
  }

  @Test
  void putRemoveAndConcatEditTheEncodedString() {
    String p = MessageProperties.encode(Records.props("A", "1", "B", "2"));
    String q = MessageProperties.put(p, "A", "3");
    assertThat(MessageProperties.decode(q))
        .containsExactly(Map.entry("B", "2"), Map.entry("A", "3"));
    assertThat(MessageProperties.put(q, "A", null)).isEqualTo("B\u00012\u0002");
    assertThat(MessageProperties.remove(q, "C")).isSameAs(q);
    assertThat(MessageProperties.put("", "X", "y")).isEqualTo("X\u0001y\u0002");
    assertThat(MessageProperties.put("A\u00011", "X", "y"))
        .isEqualTo("A\u00011\u0002X\u0001y\u0002");
    assertThat(MessageProperties.concat("A\u00011", "B\u00012\u0002"))
        .isEqualTo("A\u00011\u0002B\u00012\u0002");
    assertThat(MessageProperties.concat("A\u00011\u0002", "")).isEqualTo("A\u00011\u0002");
    assertThat(MessageProperties.get(q, "A")).isEqualTo("3");
    assertThat(MessageProperties.get(q, "")).isNull();
    assertThat(MessageProperties.get(null, "A")).isNull();
  }

  @Test
  void rejectsWhatCannotBeEncoded() {
    assertThatThrownBy(() -> MessageProperties.encode(Records.props("", "v")))
        .isInstanceOf(MessageFormatException.class);
    assertThatThrownBy(() -> MessageProperties.encode(Records.props("k", "a\u0002b")))
        .isInstanceOf(MessageFormatException.class);
    assertThatThrownBy(() -> MessageProperties.put("", "k\u0001", "v"))
        .isInstanceOf(MessageFormatException.class);
    String big = "é".repeat(16_381); // 32762 bytes, + "KEY" + "xx" + 2 separators = 32769
    assertThatThrownBy(() -> MessageProperties.encode(Records.props("KEY", big + "xx")))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("32767");
    assertThat(MessageProperties.checkLength("K\u0001" + "v".repeat(32764) + "\u0002"))
        .isEqualTo(32767);
    assertThatThrownBy(
            () ->
                MessageRecordCodec.size(
                    Records.sample().properties("K\u0001" + "v".repeat(32765) + "\u0002").build()))
        .isInstanceOf(MessageFormatException.class);
  }

  @Test
  void splitsKeysOnSpaces() {
    assertThat(MessageProperties.splitKeys(" k1  k2 k3 ")).containsExactly("k1", "k2", "k3");
    assertThat(MessageProperties.splitKeys("")).isEmpty();
    assertThat(MessageProperties.splitKeys(null)).isEmpty();
  }

  @Test
  void constantsCarryTheRealNames() throws Exception {
    Map<String, String> real = new HashMap<>();
    for (Field f : MessageConst.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        real.put((String) f.get(null), f.getName());
      }
    }
    for (Field f : MessageProperties.class.getFields()) {
      if (f.getType() == String.class) {
        assertThat(real).as(f.getName()).containsKey((String) f.get(null));
      }
    }
    assertThat(MessageProperties.TRANSACTION_ID).isEqualTo(MessageConst.PROPERTY_TRANSACTION_ID);
    assertThat(MessageProperties.REAL_QID).isEqualTo(MessageConst.PROPERTY_REAL_QUEUE_ID);
    assertThat(MessageProperties.TIMER_DELAY_MS).isEqualTo(MessageConst.PROPERTY_TIMER_DELAY_MS);
  }
}
