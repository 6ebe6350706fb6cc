package io.actormq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageRecordViewTest {

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {false, true})
  void gettersReadEveryFieldInPlace(boolean direct) {
    MessageRecord m = Records.sample().bornHost(Records.BORN_V6).build();
    byte[] bytes = MessageRecordCodec.encode(m);
    ByteBuffer buf =
        direct
            ? ByteBuffer.allocateDirect(bytes.length + 50)
            : ByteBuffer.allocate(bytes.length + 50);
    buf.put(17, bytes); // a record in the middle of a segment
    buf.position(5);

    MessageRecordView v = new MessageRecordView().wrap(buf, 17);
    assertThat(v.totalSize()).isEqualTo(bytes.length);
    assertThat(v.magic()).isEqualTo(MessageLayout.MAGIC_V1);
    assertThat(v.bodyCrc()).isEqualTo(MessageRecordInteropTest.crc(m.bodyBytes()));
    assertThat(v.queueId()).isEqualTo(3);
    assertThat(v.flag()).isEqualTo(7);
    assertThat(v.queueOffset()).isEqualTo(42);
    assertThat(v.commitLogOffset()).isEqualTo(123_456_789L);
    assertThat(v.sysFlag()).isEqualTo(m.sysFlag()).matches(SysFlag::isBornHostV6);
    assertThat(v.bornTimestamp()).isEqualTo(m.bornTimestamp());
    assertThat(v.bornHost()).isEqualTo(Records.BORN_V6);
    assertThat(v.storeTimestamp()).isEqualTo(m.storeTimestamp());
    assertThat(v.storeHost()).isEqualTo(Records.STORE_V4);
    assertThat(v.reconsumeTimes()).isEqualTo(2);
    assertThat(v.preparedTransactionOffset()).isEqualTo(99);
    assertThat(v.body()).isEqualTo(m.body());
    assertThat(v.topic()).isEqualTo("TopicTest");
    assertThat(v.topicBytes())
        .isEqualTo(ByteBuffer.wrap("TopicTest".getBytes(StandardCharsets.UTF_8)));
    assertThat(v.properties()).isEqualTo(m.properties());
    assertThat(v.propertyBytes())
        .isEqualTo(ByteBuffer.wrap(m.properties().getBytes(StandardCharsets.UTF_8)));
    assertThat(v.toRecord()).isEqualTo(m);
    assertThat(buf.position()).isEqualTo(5);
    assertThat(MessageRecordView.validate(buf, 17, buf.limit())).isEqualTo(bytes.length);
  }

  @Test
  void findPropertyScansRawBytes() {
    MessageRecordView v = view(Records.sample().build());
    assertThat(v.findProperty(MessageProperties.TAGS)).isEqualTo("TagA");
    assertThat(v.findProperty(MessageProperties.KEYS)).isEqualTo("k1 k2");
    assertThat(v.findProperty(MessageProperties.UNIQ_KEY))
        .isEqualTo("0A0102030000000000000000000000AB");
    assertThat(v.findProperty("ключ")).isEqualTo("значение 🚀");
    assertThat(v.findProperty("TAG")).isNull();
    assertThat(v.findProperty("TAGSX")).isNull();
    assertThat(v.findProperty(MessageProperties.DELAY)).isNull();
  }

  @Test
  void propertyLookupFollowsTheClientParser() {
    // duplicate name (last wins), empty value (ignored), no '\u0001', value with '\u0001',
    // and a last entry without its trailing separator
    String raw = "A\u0001x\u0002B\u0001\u0002C\u0002A\u0001y\u0002D\u0001p\u0001q\u0002E\u0001tail";
    MessageRecordView v = view(Records.sample().properties(raw).build());
    assertThat(v.findProperty("A")).isEqualTo("y");
    assertThat(v.findProperty("B")).isNull();
    assertThat(v.findProperty("C")).isNull();
    assertThat(v.findProperty("D")).isEqualTo("p\u0001q");
    assertThat(v.findProperty("E")).isEqualTo("tail");
    assertThat(MessageDecoder.string2messageProperties(raw))
        .isEqualTo(MessageProperties.decode(raw))
        .containsEntry("A", "y")
        .containsEntry("D", "p\u0001q")
        .doesNotContainKeys("B", "C");
    assertThat(MessageProperties.get(raw, "A")).isEqualTo("y");
    assertThat(MessageProperties.get(raw, "E")).isEqualTo("tail");
  }

  @Test
  void tagHashIsStringHashCodeOnRawBytes() {
    for (String tag : new String[] {"TagA", "", "ÄÖÜ-標籤-🚀", "a b"}) {
      MessageRecordView v = view(Records.sample().properties(Records.props("TAGS", tag)).build());
      assertThat(v.tagsHashCode()).as(tag).isEqualTo(TagHash.of(tag));
    }
    MessageRecordView none = view(Records.sample().properties("").build());
    assertThat(none.tagsHashCode()).isZero();
    assertThat(none.propertyHashCode("TAGS", -7)).isEqualTo(-7);
    assertThat(TagHash.of("TagA")).isEqualTo("TagA".hashCode());
  }

  @ParameterizedTest(name = "bornV6={0}")
  @ValueSource(booleans = {false, true})
  void patchesInPlaceKeepTheRecordValid(boolean bornV6) {
    MessageRecord m = Records.sample().bornHost(bornV6 ? Records.BORN_V6 : Records.BORN_V4).build();
    ByteBuffer buf = ByteBuffer.allocateDirect(MessageRecordCodec.size(m) + 8);
    MessageRecordCodec.encode(m, buf, 8);

    MessageRecordView.setQueueOffset(buf, 8, 777);
    MessageRecordView.setCommitLogOffset(buf, 8, 1L << 40);
    MessageRecordView.setStoreTimestamp(buf, 8, 1_800_000_000_000L);
    MessageRecordView.setStoreHost(buf, 8, Records.host("10.9.8.7", 1234));

    assertThat(buf.getLong(8 + 20)).isEqualTo(777);
    assertThat(buf.getLong(8 + 28)).isEqualTo(1L << 40);
    assertThat(MessageRecordView.validate(buf, 8, buf.limit()))
        .isEqualTo(MessageRecordCodec.size(m));
    assertThat(MessageRecordView.queueOffset(buf, 8)).isEqualTo(777);
    assertThat(MessageRecordView.commitLogOffset(buf, 8)).isEqualTo(1L << 40);
    assertThat(MessageRecordView.storeTimestamp(buf, 8)).isEqualTo(1_800_000_000_000L);

    MessageExt theirs = MessageDecoder.decode(buf.slice(8, MessageRecordCodec.size(m)));
    assertThat(theirs.getQueueOffset()).isEqualTo(777);
    assertThat(theirs.getCommitLogOffset()).isEqualTo(1L << 40);
    assertThat(theirs.getStoreTimestamp()).isEqualTo(1_800_000_000_000L);
    assertThat(theirs.getStoreHost())
        .isEqualTo(Records.host("10.9.8.7", 1234).toInetSocketAddress());
    assertThat(theirs.getBornHost()).isEqualTo(m.bornHost().toInetSocketAddress());
    assertThat(theirs.getMsgId())
        .isEqualTo(new MessageRecordView().wrap(buf, 8).offsetMsgId())
        .isEqualTo(MessageIds.offsetMsgId(Records.host("10.9.8.7", 1234), 1L << 40));
  }

  @Test
  void storeHostOfTheWrongWidthIsRefused() {
    ByteBuffer buf = Records.encode(Records.sample().build());
    assertThatThrownBy(() -> MessageRecordView.setStoreHost(buf, 0, Records.STORE_V6))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validateNamesWhatIsWrong() {
    byte[] good = MessageRecordCodec.encode(Records.sample().build());
    int n = good.length;
    assertThat(MessageRecordView.validate(ByteBuffer.wrap(good), 0, n)).isEqualTo(n);
    assertThat(MessageRecordView.validate(ByteBuffer.wrap(good), 0, n - 1))
        .isEqualTo(MessageLayout.TRUNCATED);
    assertThat(MessageRecordView.validate(ByteBuffer.wrap(good), 0, 4))
        .isEqualTo(MessageLayout.TRUNCATED);

    MessageRecordView v = new MessageRecordView().wrap(ByteBuffer.wrap(good), 0);
    byte[] crc = good.clone();
    crc[v.bodyPosition()] ^= 1;
    ByteBuffer c = ByteBuffer.wrap(crc);
    assertThat(MessageRecordView.validate(c, 0, n)).isEqualTo(MessageLayout.BAD_CRC);
    assertThat(MessageRecordView.validateStructure(c, 0, n)).isEqualTo(n);

    ByteBuffer magic = ByteBuffer.wrap(good.clone()).putInt(4, 0xCBD43194);
    assertThat(MessageRecordView.validate(magic, 0, n)).isEqualTo(MessageLayout.BAD_MAGIC);

    ByteBuffer small = ByteBuffer.wrap(good.clone()).putInt(0, 50);
    assertThat(MessageRecordView.validate(small, 0, n)).isEqualTo(MessageLayout.BAD_SIZE);

    ByteBuffer body = ByteBuffer.wrap(good.clone());
    body.putInt(v.bodyPosition() - 4, v.bodyLength() + 1);
    assertThat(MessageRecordView.validate(body, 0, n)).isEqualTo(MessageLayout.BAD_LAYOUT);

    ByteBuffer negative = ByteBuffer.wrap(good.clone());
    negative.putInt(v.bodyPosition() - 4, -5);
    assertThat(MessageRecordView.validate(negative, 0, n)).isEqualTo(MessageLayout.BAD_LAYOUT);

    ByteBuffer props = ByteBuffer.wrap(good.clone());
    props.putShort(v.propertiesPosition() - 2, (short) (v.propertiesLength() - 1));
    assertThat(MessageRecordView.validate(props, 0, n)).isEqualTo(MessageLayout.BAD_LAYOUT);

    ByteBuffer longer = ByteBuffer.allocate(n + 1).put(good);
    longer.putInt(0, n + 1); // totalSize claims a byte the lengths do not account for
    assertThat(MessageRecordView.validate(longer, 0, n + 1)).isEqualTo(MessageLayout.BAD_LAYOUT);

    assertThatThrownBy(() -> new MessageRecordView().wrap(magic, 0))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("magic");
  }

  private static MessageRecordView view(MessageRecord m) {
    return new MessageRecordView().wrap(Records.encode(m), 0);
  }
}
