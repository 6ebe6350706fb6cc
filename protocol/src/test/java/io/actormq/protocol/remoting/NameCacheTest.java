package io.actormq.protocol.remoting;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.protocol.header.SendMessageRequestHeaderV2;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Shared name strings: the same bytes give the same string, and a hit is never a wrong name. */
class NameCacheTest {

  static String name(String s, int offset) {
    byte[] b = new byte[offset + s.getBytes(UTF_8).length + 3];
    byte[] text = s.getBytes(UTF_8);
    System.arraycopy(text, 0, b, offset, text.length);
    return NameCache.name(b, offset, text.length);
  }

  @Test
  void repeatedBytesGiveTheSameStringAndDifferentBytesTheirOwn() {
    String first = name("OrderEvents", 0);
    assertThat(name("OrderEvents", 5)).isSameAs(first);
    assertThat(name("OrderEvent", 5)).isEqualTo("OrderEvent");
    assertThat(name("OrderEventt", 1)).isEqualTo("OrderEventt");
    assertThat(name("", 2)).isEmpty();
    assertThat(name("主题-\uD83D\uDE00", 3)).isEqualTo("主题-\uD83D\uDE00");
  }

  @Test
  void valuesLongerThanAnyNameAreDecodedButNotKept() {
    String longValue = "x".repeat(NameCache.MAX_LENGTH + 1);
    String first = name(longValue, 0);
    assertThat(first).isEqualTo(longValue);
    assertThat(name(longValue, 0)).isEqualTo(longValue).isNotSameAs(first);
  }

  /** Far more names than slots, from several threads at once: every answer is the right text. */
  @Test
  void collisionsAndRacesNeverReturnAnotherName() throws Exception {
    List<CompletableFuture<Void>> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      long seed = t;
      threads.add(
          CompletableFuture.runAsync(
              () -> {
                Random random = new Random(seed);
                for (int i = 0; i < 200_000; i++) {
                  String expected = "topic-" + random.nextInt(3 * NameCache.SLOTS);
                  assertThat(name(expected, random.nextInt(8))).isEqualTo(expected);
                }
              }));
    }
    for (CompletableFuture<Void> f : threads) {
      f.get();
    }
  }

  @Test
  void decodedSendHeadersShareTheirTopicAndGroup() {
    String json =
        "{\"code\":310,\"extFields\":{\"a\":\"g1\",\"b\":\"TopicA\",\"c\":\"TBW102\",\"d\":\"4\","
            + "\"e\":\"0\",\"f\":\"0\",\"g\":\"1\",\"h\":\"0\",\"n\":\"broker-a\"}}";
    SendMessageRequestHeaderV2 first = decode(json);
    SendMessageRequestHeaderV2 second = decode(json);
    assertThat(second).isEqualTo(first);
    assertThat(second.topic()).isSameAs(first.topic()).isEqualTo("TopicA");
    assertThat(second.producerGroup()).isSameAs(first.producerGroup()).isEqualTo("g1");
    assertThat(second.brokerName()).isSameAs(first.brokerName()).isEqualTo("broker-a");
  }

  private static SendMessageRequestHeaderV2 decode(String json) {
    RemotingCommand cmd = JsonHeaderCodec.decode(ByteBuffer.wrap(json.getBytes(UTF_8)), null);
    return SendMessageRequestHeaderV2.fromExtFields(cmd.extFields());
  }
}
