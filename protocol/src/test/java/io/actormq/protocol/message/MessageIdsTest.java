package io.actormq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageId;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

  @Test
  void offsetMsgIdMatchesTheClientBothWays() throws Exception {
    for (HostAddress host :
        new HostAddress[] {
          Records.STORE_V4, Records.STORE_V6, Records.host("255.0.128.1", 65535)
        }) {
      for (long offset : new long[] {0, 1, 123_456_789_012L, Long.MAX_VALUE, -1}) {
        String ours = MessageIds.offsetMsgId(host, offset);
        assertThat(ours)
            .isEqualTo(MessageDecoder.createMessageId(host.toInetSocketAddress(), offset))
            .hasSize(host.isIpv6() ? 56 : 32);
        MessageId theirs = MessageDecoder.decodeMessageId(ours);
        assertThat(theirs.getAddress()).isEqualTo(host.toInetSocketAddress());
        assertThat(theirs.getOffset()).isEqualTo(offset);

        OffsetMsgId decoded = MessageIds.decodeOffsetMsgId(ours.toLowerCase());
        assertThat(decoded).isEqualTo(new OffsetMsgId(host, offset));
        assertThat(decoded.address()).isEqualTo(host.toInetSocketAddress());
        assertThat(decoded.toString()).isEqualTo(ours);
        assertThat(MessageIds.isOffsetMsgId(ours)).isTrue();
      }
    }
  }

  @Test
  void badOffsetMsgIdsFailClearly() {
    assertThatThrownBy(() -> MessageIds.decodeOffsetMsgId(null))
        .isInstanceOf(MessageFormatException.class);
    assertThatThrownBy(() -> MessageIds.decodeOffsetMsgId("ABC"))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("32 or 56");
    assertThatThrownBy(() -> MessageIds.decodeOffsetMsgId("C0A8070900002A9F00000000075BCD1G"))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("index 31");
    assertThatThrownBy(() -> MessageIds.decodeOffsetMsgId("C0A8070900012A9F00000000075BCD15"))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("port");
    assertThat(MessageIds.isOffsetMsgId("7F0000010A4E18B4AAC2150D7E9C0000"))
        .isTrue(); // a UNIQ_KEY too
    assertThat(MessageIds.isOffsetMsgId("xyz")).isFalse();
  }

  @Test
  void uniqKeysHaveTheClientLayout() {
    long now = System.currentTimeMillis();
    UniqKeyGenerator gen = new UniqKeyGenerator(new byte[] {10, 0, 0, 7}, 0x12345, 0xCAFEBABE);
    String id = gen.next(now);
    assertThat(id).hasSize(32).matches("[0-9A-F]{32}").startsWith("0A0000072345CAFEBABE");
    assertThat(MessageClientIDSetter.getIPStrFromID(id)).isEqualTo("10.0.0.7");
    assertThat(MessageClientIDSetter.getPidFromID(id)).isEqualTo(0x2345);
    assertThat(MessageClientIDSetter.getNearlyTimeFromID(id).getTime()).isEqualTo(now);
    assertThat(gen.next(now)).isNotEqualTo(id);

    String shared = MessageIds.createUniqKey();
    assertThat(shared).matches("[0-9A-F]{32}|[0-9A-F]{56}");
    assertThat(MessageClientIDSetter.getPidFromID(shared))
        .isEqualTo((short) ProcessHandle.current().pid());
  }

  @Test
  void uniqKeysAreUniqueAcrossThreadsAndMonths() {
    UniqKeyGenerator gen = UniqKeyGenerator.shared();
    Set<String> ids = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 40_000).parallel().forEach(i -> ids.add(gen.next()));
    assertThat(ids).hasSize(40_000);

    UniqKeyGenerator fixed = new UniqKeyGenerator(new byte[4], 1, 1);
    Set<String> rolled = new HashSet<>();
    long jan31 = 1_706_745_599_000L; // 2024-01-31T23:59:59Z
    for (long t = jan31 - 3 * 86_400_000L; t < jan31 + 3 * 86_400_000L; t += 3_600_000L) {
      rolled.add(fixed.next(t));
    }
    assertThat(rolled).hasSize(144);
    assertThat(Collections.max(rolled)).hasSize(32);
  }
}
