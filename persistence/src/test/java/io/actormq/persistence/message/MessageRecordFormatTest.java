package io.actormq.persistence.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.persistence.index.KeyIndex;
import io.actormq.persistence.log.FlushService;
import io.actormq.persistence.log.LogConfig;
import io.actormq.persistence.log.QueueLog;
import io.actormq.persistence.log.ReadResult;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import io.actormq.protocol.message.MessageRecordView;
import io.actormq.protocol.message.TagHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real message records through the engine: stamping, tag filtering, keys, recovery. */
class MessageRecordFormatTest {

  static final long BASE = 7L << 40;
  static final LogConfig CONFIG = LogConfig.defaults().withSegmentBytes(16 * 1024);
  static FlushService flusher;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    flusher = FlushService.start("flusher", Duration.ofMillis(50));
  }

  @AfterAll
  static void stop() {
    flusher.close();
  }

  static ByteBuffer message(int i, String tag, String keys) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(MessageProperties.TAGS, tag);
    props.put(MessageProperties.KEYS, keys);
    props.put(MessageProperties.UNIQ_KEY, "UNIQ" + i);
    HostAddress host = HostAddress.of(new byte[] {127, 0, 0, 1}, 9876);
    MessageRecord record =
        new MessageRecord(
            3,
            0,
            -1,
            -1,
            0,
            1_000 + i,
            host,
            2_000 + i,
            host,
            0,
            0,
            ByteBuffer.wrap(("body-" + i).getBytes(StandardCharsets.UTF_8)),
            "TopicA",
            MessageProperties.encode(props));
    return ByteBuffer.wrap(MessageRecordCodec.encode(record));
  }

  @Test
  void recordsAreStampedIndexedAndFilteredByTag() throws IOException {
    List<ByteBuffer> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(message(i, i % 2 == 0 ? "TagA" : "TagB", "order-" + (i % 5) + " shared"));
    }
    try (QueueLog log = QueueLog.open(dir, CONFIG, new MessageRecordFormat(BASE), flusher)) {
      log.append(batch.subList(0, 60));
      log.append(batch.subList(60, 100));
      MessageRecordView view = new MessageRecordView();
      int tagB = TagHash.of("TagB");
      ReadResult read = log.read(0, 32, 1 << 20, hash -> hash == tagB);
      List<Long> offsets = new ArrayList<>();
      for (ByteBuffer run : read.runs()) {
        for (int at = 0; at < run.limit(); at += MessageRecordView.totalSize(run, at)) {
          view.wrap(run, at);
          offsets.add(view.queueOffset());
          assertThat(view.findProperty(MessageProperties.TAGS)).isEqualTo("TagB");
          assertThat(view.commitLogOffset()).isEqualTo(BASE + view.queueOffset());
        }
      }
      assertThat(offsets).hasSize(32).allMatch(o -> o % 2 == 1);
      assertThat(read.nextOffset()).isEqualTo(64);
      assertThat(log.offsetsForKey("order-2", 0, Long.MAX_VALUE, 100))
          .hasSize(20)
          .contains(97L, 2L);
      assertThat(log.offsetsForKey("UNIQ42", 0, Long.MAX_VALUE, 10)).containsExactly(42L);
      assertThat(log.firstOffsetStoredAtOrAfter(2_050)).isEqualTo(50);
    }
    try (QueueLog reopened = QueueLog.open(dir, CONFIG, new MessageRecordFormat(BASE), flusher)) {
      assertThat(reopened.nextOffset()).isEqualTo(100);
      assertThat(new MessageRecordView().wrap(reopened.readOne(99), 0).topic()).isEqualTo("TopicA");
    }
  }

  @Test
  void keyHashesAreTheHashesOfTheKeys() {
    MessageRecordFormat format = new MessageRecordFormat(BASE);
    for (String keys : new String[] {"a", "order-1 shared", "  two  spaces ", "ключ 日本 x", ""}) {
      ByteBuffer direct = ByteBuffer.allocateDirect(4096);
      direct.position(100).put(message(5, "TagA", keys)).clear();
      List<Integer> expected = new ArrayList<>();
      format.forEachKey(direct, 100, key -> expected.add(KeyIndex.hash(key)));
      List<Integer> hashed = new ArrayList<>();
      format.forEachKeyHash(direct, 100, hashed::add);
      assertThat(hashed).as(keys).isEqualTo(expected).isNotEmpty();
    }
  }
}
