package io.actormq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageIds;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReceivedMessageTest {

  private static final HostAddress STORE = HostAddress.of(new byte[] {10, 0, 0, 5}, 10911);
  private static final HostAddress BORN = HostAddress.of(new byte[] {10, 0, 0, 9}, 50000);
  private static final MessageQueue QUEUE = new MessageQueue("Orders", "broker-a", 2);

  @Test
  void readsEveryFieldOfEachRecordInAPullBody() {
    Map<String, String> withAll = new LinkedHashMap<>();
    withAll.put("TAGS", "TagA");
    withAll.put("KEYS", "order-1");
    withAll.put("UNIQ_KEY", "7F00000100002A9F0000000000000001");
    withAll.put("colour", "blue");
    ByteBuffer body = pullBody(record(40, 4096, withAll, "first"), record(41, 8192, Map.of(), "2"));

    List<ReceivedMessage> messages = ReceivedMessage.fromPullBody(QUEUE, false, body);

    assertThat(messages).hasSize(2);
    ReceivedMessage first = messages.get(0);
    assertThat(first.queueOffset()).isEqualTo(40);
    assertThat(first.commitLogOffset()).isEqualTo(4096);
    assertThat(first.msgId()).isEqualTo("7F00000100002A9F0000000000000001");
    assertThat(first.offsetMsgId()).isEqualTo(MessageIds.offsetMsgId(STORE, 4096));
    assertThat(first.tags()).isEqualTo("TagA");
    assertThat(first.keys()).isEqualTo("order-1");
    assertThat(first.property("colour")).isEqualTo("blue");
    assertThat(first.properties()).isEqualTo(withAll);
    assertThat(first.topic()).isEqualTo("Orders");
    assertThat(first.reconsumeTimes()).isEqualTo(3);
    assertThat(first.bornTimestamp()).isEqualTo(1_000);
    assertThat(first.storeTimestamp()).isEqualTo(1_005);
    assertThat(first.bodyText()).isEqualTo("first");
    assertThat(first.bodyBuffer().isReadOnly()).isTrue();

    ReceivedMessage second = messages.get(1);
    assertThat(second.msgId()).as("no UNIQ_KEY: the storage id").isEqualTo(second.offsetMsgId());
    assertThat(second.tags()).isNull();
    assertThat(second.tags()).as("asked twice").isNull();
    assertThat(second.keys()).isNull();
    assertThat(second.properties()).isEmpty();
    assertThat(second.bodyText()).isEqualTo("2");
  }

  @Test
  void aRedeliveryFromTheRetryTopicReportsItsRealTopic() {
    ByteBuffer body = pullBody(record(0, 0, Map.of("RETRY_TOPIC", "Orders"), "x"));
    MessageQueue retry = new MessageQueue("%RETRY%group", "broker-a", 0);

    ReceivedMessage m = ReceivedMessage.fromPullBody(retry, true, body).get(0);

    assertThat(m.topic()).isEqualTo("Orders");
    assertThat(m.queue()).isEqualTo(retry);
  }

  @Test
  void threadsReadingOneMessageAtOnceSeeTheSameValues() throws Exception {
    ByteBuffer body =
        pullBody(record(7, 64, Map.of("TAGS", "T", "UNIQ_KEY", "U1", "KEYS", "K"), "b"));
    ReceivedMessage m = ReceivedMessage.fromPullBody(QUEUE, false, body).get(0);

    List<CompletableFuture<String>> reads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      reads.add(CompletableFuture.supplyAsync(() -> m.msgId() + m.tags() + m.keys()));
    }

    for (CompletableFuture<String> read : reads) {
      assertThat(read.get()).isEqualTo("U1TK");
    }
  }

  @Test
  void aTruncatedOrMalformedRecordIsRefusedWithItsPosition() {
    ByteBuffer whole = pullBody(record(0, 0, Map.of(), "abc"));
    ByteBuffer truncated = whole.duplicate().limit(whole.limit() - 1);
    assertThatThrownBy(() -> ReceivedMessage.fromPullBody(QUEUE, false, truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated record at byte 0");

    ByteBuffer badMagic = pullBody(record(0, 0, Map.of(), "abc"));
    badMagic.putInt(4, 0x12345678);
    assertThatThrownBy(() -> ReceivedMessage.fromPullBody(QUEUE, false, badMagic))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed record at byte 0");
  }

  private static MessageRecord record(
      long queueOffset, long commitLogOffset, Map<String, String> properties, String body) {
    return MessageRecord.builder()
        .queueId(QUEUE.queueId())
        .queueOffset(queueOffset)
        .commitLogOffset(commitLogOffset)
        .bornTimestamp(1_000)
        .bornHost(BORN)
        .storeTimestamp(1_005)
        .storeHost(STORE)
        .reconsumeTimes(3)
        .topic(QUEUE.topic())
        .properties(properties)
        .body(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private static ByteBuffer pullBody(MessageRecord... records) {
    int size = 0;
    for (MessageRecord r : records) {
      size += MessageRecordCodec.size(r);
    }
    ByteBuffer body = ByteBuffer.allocate(size);
    int pos = 0;
    for (MessageRecord r : records) {
      pos += MessageRecordCodec.encode(r, body, pos);
    }
    return body;
  }
}
