package io.actormq.protocol.message;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-level and caching fast paths against straightforward reference readings. */
class MessageFastPathsTest {

  /** The forward scan find used to do: every entry, the last match wins. */
  private static long referenceFind(byte[] a, int pos, int len, String name) {
    byte[] n = name.getBytes(UTF_8);
    long found = -1;
    int end = pos + len;
    int start = pos;
    while (start < end) {
      int entryEnd = start;
      while (entryEnd < end && a[entryEnd] != 2) {
        entryEnd++;
      }
      int sep = start;
      while (sep < entryEnd && a[sep] != 1) {
        sep++;
      }
      if (sep > start && sep < entryEnd - 1 && sep - start == n.length) {
        boolean eq = true;
        for (int i = 0; i < n.length; i++) {
          eq &= a[start + i] == n[i];
        }
        if (eq) {
          found = ((long) (sep + 1) << 32) | (entryEnd - sep - 1);
        }
      }
      start = entryEnd + 1;
    }
    return found;
  }

  @Test
  void findAgreesWithAForwardScanOnHeapSlicesAndDirectBuffers() {
    Random r = new Random(11);
    String[] names = {"TAGS", "KEYS", "UNIQ_KEY", "T", "键", "", "A\u0001B", "A\u0002"};
    String[] pieces = {
      "TAGS", "KEYS", "UNIQ_KEY", "T", "键", "v", "值", "\u0001", "\u0002", "A", "B"
    };
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(12);
      for (int i = 0; i < n; i++) {
        sb.append(pieces[r.nextInt(pieces.length)]);
      }
      byte[] props = sb.toString().getBytes(UTF_8);
      int lead = r.nextInt(5);
      byte[] backing = new byte[lead + props.length + 3];
      System.arraycopy(props, 0, backing, lead, props.length);
      ByteBuffer heap = ByteBuffer.wrap(backing, 1, backing.length - 1).slice();
      ByteBuffer direct = ByteBuffer.allocateDirect(backing.length);
      direct.put(backing).clear();
      for (String name : names) {
        long expected = referenceFind(backing, lead, props.length, name);
        assertThat(MessageProperties.find(direct, lead, props.length, name))
            .as("%s in %s", name, sb)
            .isEqualTo(expected);
        long shifted = expected < 0 ? -1 : expected - (1L << 32);
        assertThat(MessageProperties.find(heap, lead - 1 < 0 ? 0 : lead - 1, props.length, name))
            .as("heap %s in %s", name, sb)
            .isEqualTo(lead == 0 ? heapFindAtZero(backing, props.length, name) : shifted);
      }
    }
  }

  // With no lead the slice (offset 1) cannot start at the properties; check it on its own.
  private static long heapFindAtZero(byte[] backing, int len, String name) {
    long r = referenceFind(backing, 1, len, name);
    return r < 0 ? -1 : r - (1L << 32);
  }

  @Test
  void viewsAndDecodeAllReuseOnlyEqualHostsAndTopics() {
    List<MessageRecord> records = new ArrayList<>();
    HostAddress[] hosts = {Records.BORN_V4, Records.STORE_V4, Records.BORN_V6, Records.STORE_V6};
    String[] topics = {"T1", "T1", "Topic-2", "话题", "T1"};
    Random r = new Random(3);
    for (int i = 0; i < 40; i++) {
      records.add(
          Records.sample()
              .bornHost(hosts[r.nextInt(4)])
              .storeHost(hosts[r.nextInt(4)])
              .topic(topics[r.nextInt(topics.length)])
              .queueOffset(i)
              .build());
    }
    int size = 0;
    for (MessageRecord m : records) {
      size += MessageRecordCodec.size(m);
    }
    ByteBuffer all = ByteBuffer.allocate(size);
    for (MessageRecord m : records) {
      MessageRecordCodec.encode(m, all);
    }
    all.flip();
    List<MessageRecord> back = MessageRecordCodec.decodeAll(all.duplicate());
    assertThat(back).hasSize(records.size());
    for (int i = 0; i < records.size(); i++) {
      MessageRecord a = records.get(i);
      MessageRecord b = back.get(i);
      assertThat(b.bornHost()).isEqualTo(a.bornHost());
      assertThat(b.storeHost()).isEqualTo(a.storeHost());
      assertThat(b.topic()).isEqualTo(a.topic());
      assertThat(b.queueOffset()).isEqualTo(a.queueOffset());
      assertThat(MessageIds.offsetMsgId(b.storeHost(), b.commitLogOffset()))
          .isEqualTo(MessageIds.offsetMsgId(a.storeHost(), a.commitLogOffset()));
      assertThat(b.propertyMap()).isEqualTo(a.propertyMap());
    }
  }

  @Test
  void decodeAllSharingReadsWhatDecodeAllReadsWithBodiesAsReadOnlySlices() {
    List<MessageRecord> records = new ArrayList<>();
    Random r = new Random(5);
    for (int i = 0; i < 20; i++) {
      byte[] body = new byte[r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(300)];
      r.nextBytes(body);
      records.add(
          Records.sample()
              .bornHost(i % 2 == 0 ? Records.BORN_V4 : Records.BORN_V6)
              .queueOffset(i)
              .body(body)
              .build());
    }
    int size = 0;
    for (MessageRecord m : records) {
      size += MessageRecordCodec.size(m);
    }
    int lead = 7;
    ByteBuffer backing = ByteBuffer.allocate(lead + size);
    backing.position(lead);
    for (MessageRecord m : records) {
      MessageRecordCodec.encode(m, backing);
    }
    // A slice with a non-zero array offset, as a command's body is.
    ByteBuffer all = backing.flip().position(lead).slice();

    List<MessageRecord> shared = MessageRecordCodec.decodeAllSharing(all.duplicate());
    assertThat(shared).isEqualTo(MessageRecordCodec.decodeAll(all.duplicate()));
    assertThat(shared).isEqualTo(records);

    MessageRecord first = shared.get(1);
    assertThat(first.body().isReadOnly()).isTrue();
    int bodyAt = bodyPosition(all, 1);
    all.put(bodyAt, (byte) (all.get(bodyAt) + 1)); // shared, not copied: the change shows through
    assertThat(first.body().get(0)).isEqualTo(all.get(bodyAt));
  }

  private static int bodyPosition(ByteBuffer all, int index) {
    MessageRecordView v = new MessageRecordView();
    int pos = 0;
    for (int i = 0; i < index; i++) {
      pos += v.wrap(all, pos).totalSize();
    }
    return v.wrap(all, pos).bodyPosition();
  }

  @Test
  void aRecordPinsTheWindowOfAReadOnlyBody() {
    ByteBuffer body = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}).asReadOnlyBuffer();
    body.position(1).limit(4);
    MessageRecord m = Records.sample().body(body).build();
    body.position(0).limit(5);
    assertThat(m.bodyLength()).isEqualTo(3);
    assertThat(m.bodyBytes()).containsExactly(2, 3, 4);
    assertThat(m.body().isReadOnly()).isTrue();
  }
}
