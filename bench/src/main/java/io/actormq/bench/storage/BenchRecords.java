package io.actormq.bench.storage;

import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;

/**
 * Realistic stored records for the storage benchmarks: RocketMQ wire records with tags and keys.
 */
final class BenchRecords {

  private BenchRecords() {}

  /** One encoded record of exactly {@code totalSize} bytes (the body absorbs the difference). */
  static ByteBuffer record(int totalSize) {
    HostAddress host = HostAddress.of(new byte[] {127, 0, 0, 1}, 10911);
    String props =
        MessageProperties.encode(
            Map.of(
                MessageProperties.TAGS, "TagA",
                MessageProperties.UNIQ_KEY, "7F00000100002A9F0000000000000001"));
    int overhead = MessageRecordCodec.size(message(host, props, new byte[0]));
    byte[] body = new byte[Math.max(0, totalSize - overhead)];
    new Random(42).nextBytes(body);
    return ByteBuffer.wrap(MessageRecordCodec.encode(message(host, props, body)));
  }

  private static MessageRecord message(HostAddress host, String props, byte[] body) {
    long now = System.currentTimeMillis();
    return new MessageRecord(
        0, 0, 0, 0, 0, now, host, now, host, 0, 0, ByteBuffer.wrap(body), "BenchTopic", props);
  }
}
