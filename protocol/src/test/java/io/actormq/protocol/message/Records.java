package io.actormq.protocol.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test fixtures. */
final class Records {

  static final HostAddress BORN_V4 = host("10.1.2.3", 54321);
  static final HostAddress STORE_V4 = host("192.168.7.9", 10911);
  static final HostAddress BORN_V6 = host("2001:db8::1:2", 40000);
  static final HostAddress STORE_V6 = host("fe80::abcd:1", 10911);

  private Records() {}

  static HostAddress host(String ip, int port) {
    return HostAddress.of(new InetSocketAddress(inet(ip), port));
  }

  static InetAddress inet(String literal) {
    try {
      return InetAddress.getByName(literal); // literals only: no lookup happens
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static Map<String, String> props(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static MessageRecord.Builder sample() {
    return MessageRecord.builder()
        .queueId(3)
        .flag(7)
        .queueOffset(42)
        .commitLogOffset(123_456_789L)
        .sysFlag(SysFlag.TRANSACTION_COMMIT | SysFlag.MULTI_TAGS)
        .bornTimestamp(1_700_000_000_000L)
        .bornHost(BORN_V4)
        .storeTimestamp(1_700_000_000_123L)
        .storeHost(STORE_V4)
        .reconsumeTimes(2)
        .preparedTransactionOffset(99)
        .body("hello, wörld ✓".getBytes(StandardCharsets.UTF_8))
        .topic("TopicTest")
        .properties(
            props(
                MessageProperties.TAGS,
                "TagA",
                MessageProperties.KEYS,
                "k1 k2",
                MessageProperties.UNIQ_KEY,
                "0A0102030000000000000000000000AB",
                "ключ",
                "значение 🚀"));
  }

  static ByteBuffer encode(MessageRecord m) {
    return ByteBuffer.wrap(MessageRecordCodec.encode(m));
  }
}
