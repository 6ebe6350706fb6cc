package io.actormq.protocol.remoting;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-pass scanner against the general JSON reader: wherever the scanner answers, it answers
 * what the general reader does; where the general reader fails, the scanner gives up, so the
 * protocol error comes from the decode itself and never later.
 */
class JsonHeaderScannerTest {

  /** What a RocketMQ 5.x producer sends for SEND_MESSAGE_V2 (fastjson2, fields sorted). */
  static final String SEND_V2 =
      "{\"code\":310,\"extFields\":{\"a\":\"order-service-producer\",\"b\":\"OrderEvents\","
          + "\"c\":\"TBW102\",\"d\":\"4\",\"e\":\"3\",\"f\":\"0\",\"g\":\"1717171717171\",\"h\":\"0\","
          + "\"i\":\"TAGS\\u0001TagA\\u0002KEYS\\u0001order-10086 order-10087\\u0002UNIQ_KEY"
          + "\\u00017F0000010B6A18B4AAC27C4F3E2A0000\\u0002WAIT\\u0001true\\u0002\",\"j\":\"0\","
          + "\"k\":\"false\",\"m\":\"false\",\"n\":\"broker-a\"},\"flag\":0,\"language\":\"JAVA\","
          + "\"opaque\":0,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":477}";

  /** Headers in the shape the scanner must answer for itself. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        SEND_V2,
        "{}",
        "{\"code\":0}",
        "{\"code\":-2147483648,\"flag\":2147483647,\"opaque\":-1,\"version\":-0}",
        "{\"code\":11,\"flag\":1,\"language\":\"JAVA\",\"opaque\":4242,\"remark\":\"FOUND\","
            + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":477,\"extFields\":{"
            + "\"suggestWhichBrokerId\":\"0\",\"nextBeginOffset\":\"1234599\","
            + "\"minOffset\":\"1000\",\"maxOffset\":\"1244567\"}}",
        "{\"code\":1,\"remark\":null,\"extFields\":null}",
        "{\"code\":1,\"extFields\":{}}",
        "{\"code\":1,\"remark\":\"\u00e9t\u00e9 \u4e2d\u6587 \ud83d\ude00\"}",
        "{\"code\":1,\"language\":\"GO\"}",
        "{\"code\":1,\"language\":\"COBOL\"}",
        "{\"extFields\":{\"topic\":\"\u4e2d\u6587\ud83d\ude00\",\"\":\"\",\"zz\":\"x\"}}",
        "{\"extFields\":{\"a\":\"1\",\"a\":\"2\",\"b\":\"x\",\"a\":\"3\"}}",
        "{\"extFields\":{\"a\":\"1\"},\"extFields\":{\"b\":\"2\"}}",
        "{\"extFields\":{\"i\":\"\\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\\u00FF\\u0000\"}}",
        "{\"extFields\":{\"i\":\"\\u0001\",\"j\":\"x\\u0002\",\"k\":\"0123456789abcdef\\n\"}}",
        "{\"code\":7,\"code\":8}"
      })
  void answersForTheSimpleShapeAsTheGeneralReaderDoes(String json) {
    byte[] b = json.getBytes(UTF_8);
    RemotingCommand fast = JsonHeaderScanner.decode(b, 0, b.length, null);
    assertThat(fast).as("scanner answers").isNotNull();
    assertSame(fast, JsonHeaderCodec.decodeGeneral(b, 0, b.length, null));
  }

  /** Valid headers outside the shape: the scanner leaves them to the general reader. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{ \"code\":1}",
        "{\"code\" :1}",
        "{\"code\":1 }",
        "{\"code\":1}\n",
        "{\"code\":\"1\"}",
        "{\"code\":null}",
        "{\"language\":1}",
        "{\"remark\":\"a\\nb\"}",
        "{\"other\":[1,{\"x\":2}],\"code\":5}",
        "{\"extFields\":{\"a\":1,\"b\":true,\"c\":null}}",
        "{\"extFields\":{\"\\u0061\":\"x\"}}",
        "{\"extFields\":{\"a\":\"\\u4e2d\"}}",
        "{\"extFields\":{\"a\":\"\\ud83d\\ude00\"}}",
        "{\"extFields\":{\"a\":\"\u00e9\\n\"}}",
        "{\"extFields\":{\"a\":\"\\n\u00e9\"}}"
      })
  void leavesOtherValidHeadersToTheGeneralReader(String json) {
    byte[] b = json.getBytes(UTF_8);
    assertThat(JsonHeaderScanner.decode(b, 0, b.length, null)).isNull();
    // The public decode still reads them.
    assertSame(
        JsonHeaderCodec.decode(ByteBuffer.wrap(b), null),
        JsonHeaderCodec.decodeGeneral(b, 0, b.length, null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{\"code\":01}",
        "{\"code\":1.0}",
        "{\"code\":1e2}",
        "{\"code\":-}",
        "{\"code\":2147483648}",
        "{\"code\":1,}",
        "{\"code\":1}}",
        "{\"extFields\":{\"a\":\"x\\q\"}}",
        "{\"extFields\":{\"a\":\"x\\u00G1\"}}",
        "{\"extFields\":{\"a\":\"x\\u00\"}}",
        "{\"extFields\":{\"a\":\"x\u0001\"}}",
        "{\"extFields\":{\"a\":\"x}}",
        "{\"extFields\":{\"a\":\"x\",}}",
        "{\"extFields\":{\"a\"\"x\"}}",
        "{\"extFields\":[]}",
        "{\"remark\":\"x\u0002\"}"
      })
  void malformedHeadersFailInTheDecodeWithTheProtocolError(String json) {
    byte[] b = json.getBytes(UTF_8);
    assertThat(JsonHeaderScanner.decode(b, 0, b.length, null)).isNull();
    assertThatThrownBy(() -> JsonHeaderCodec.decode(ByteBuffer.wrap(b), null))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.MALFORMED_HEADER));
  }

  @Test
  void invalidUtf8IsLeftToTheGeneralReaderWhichRejectsIt() {
    for (byte[] bad :
        List.of(
            new byte[] {(byte) 0xC0, (byte) 0x80}, // overlong
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // surrogate
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            new byte[] {(byte) 0xE4, (byte) 0xB8}, // truncated
            new byte[] {(byte) 0x80})) { // stray continuation
      byte[] b = concat("{\"extFields\":{\"a\":\"x", bad, "\"}}");
      assertThat(JsonHeaderScanner.decode(b, 0, b.length, null)).isNull();
      assertThatThrownBy(() -> JsonHeaderCodec.decode(ByteBuffer.wrap(b), null))
          .isInstanceOf(ProtocolException.class);
      byte[] r = concat("{\"remark\":\"", bad, "\"}");
      assertThat(JsonHeaderScanner.decode(r, 0, r.length, null)).isNull();
    }
  }

  @Test
  void everyTruncationAndMutationOfARealHeaderAgreesWithTheGeneralReader() {
    byte[] valid = SEND_V2.getBytes(UTF_8);
    for (int len = 0; len < valid.length; len++) {
      agree(java.util.Arrays.copyOf(valid, len));
    }
    Random random = new Random(310);
    byte[] alphabet = "{}[]:,\"\\u0123456789abcdefAF-+.eE ntrl\u0001".getBytes(UTF_8);
    int answered = 0;
    for (int n = 0; n < 30_000; n++) {
      byte[] b = valid.clone();
      int edits = 1 + random.nextInt(3);
      for (int k = 0; k < edits; k++) {
        int at = random.nextInt(b.length);
        b[at] =
            random.nextInt(4) == 0
                ? (byte) random.nextInt(256)
                : alphabet[random.nextInt(alphabet.length)];
      }
      answered += agree(b) ? 1 : 0;
    }
    // Most single edits inside values keep the shape: the comparison above is not vacuous.
    assertThat(answered).isGreaterThan(1_000);
  }

  /** Returns whether the scanner answered. */
  private static boolean agree(byte[] b) {
    RemotingCommand fast = JsonHeaderScanner.decode(b, 0, b.length, null);
    RemotingCommand general;
    try {
      general = JsonHeaderCodec.decodeGeneral(b, 0, b.length, null);
    } catch (ProtocolException e) {
      assertThat(fast).as("scanner accepted what the reader rejects: %s", show(b)).isNull();
      return false;
    }
    if (fast != null) {
      assertSame(fast, general);
    }
    return fast != null;
  }

  private static void assertSame(RemotingCommand fast, RemotingCommand general) {
    assertThat(fast.code()).isEqualTo(general.code());
    assertThat(fast.language()).isEqualTo(general.language());
    assertThat(fast.version()).isEqualTo(general.version());
    assertThat(fast.opaque()).isEqualTo(general.opaque());
    assertThat(fast.flag()).isEqualTo(general.flag());
    assertThat(fast.remark()).isEqualTo(general.remark());
    assertThat(copy(fast.extFields())).isEqualTo(copy(general.extFields()));
    // Every value read on its own, as typed headers do (not only through the materialised map).
    if (general.extFields() != null) {
      for (String key : general.extFields().keySet()) {
        assertThat(fast.extFields().get(key)).isEqualTo(general.extFields().get(key));
      }
    }
  }

  private static Map<String, String> copy(Map<String, String> m) {
    return m == null ? null : new HashMap<>(m);
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    byte[] a = before.getBytes(UTF_8);
    byte[] c = after.getBytes(UTF_8);
    byte[] out = new byte[a.length + middle.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(middle, 0, out, a.length, middle.length);
    System.arraycopy(c, 0, out, a.length + middle.length, c.length);
    return out;
  }

  private static String show(byte[] b) {
    return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
