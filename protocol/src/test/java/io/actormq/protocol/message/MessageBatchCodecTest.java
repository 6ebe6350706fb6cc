package io.actormq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actormq.protocol.remoting.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageBatch;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;

class MessageBatchCodecTest {

  private static List<Message> theirMessages() {
    List<Message> list = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Message m =
          new Message(
              "BatchTopic",
              "Tag" + i,
              "key" + i + " other",
              ("body-" + i + "-ü").repeat(i + 1).getBytes(StandardCharsets.UTF_8));
      m.setFlag(i * 3);
      MessageClientIDSetter.setUniqID(m);
      m.putUserProperty("ключ", "значение " + i);
      list.add(m);
    }
    list.get(2).setBody(new byte[0]);
    return list;
  }

  @Test
  void decodesTheClientsBatchBody() throws Exception {
    List<Message> theirs = theirMessages();
    for (byte[] body :
        List.of(
            MessageDecoder.encodeMessages(theirs),
            MessageBatch.generateFromList(theirs).encode())) {
      List<BatchEntry> ours = MessageBatchCodec.decode(ByteBuffer.wrap(body));
      assertThat(ours).hasSize(theirs.size());
      for (int i = 0; i < ours.size(); i++) {
        Message m = theirs.get(i);
        BatchEntry e = ours.get(i);
        assertThat(e.flag()).isEqualTo(m.getFlag());
        assertThat(e.bodyBytes()).isEqualTo(m.getBody());
        assertThat(MessageProperties.decode(e.propertiesString())).isEqualTo(m.getProperties());
        assertThat(e.findProperty(MessageProperties.TAGS)).isEqualTo("Tag" + i);
        assertThat(e.findProperty(MessageProperties.UNIQ_KEY))
            .isEqualTo(MessageClientIDSetter.getUniqID(m));
      }
      assertThat(MessageBatchCodec.encode(ours)).isEqualTo(body);
    }
  }

  @Test
  void ourBatchBodyDecodesWithTheClientCodec() throws Exception {
    List<BatchEntry> ours =
        List.of(
            BatchEntry.of(
                1, "a".getBytes(StandardCharsets.UTF_8), Records.props("TAGS", "x", "KEYS", "k")),
            BatchEntry.of(0, new byte[0], ""),
            BatchEntry.of(-1, new byte[300], Records.props("ü", "ß")));
    List<Message> theirs =
        MessageDecoder.decodeMessages(ByteBuffer.wrap(MessageBatchCodec.encode(ours)));
    assertThat(theirs).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(theirs.get(i).getFlag()).isEqualTo(ours.get(i).flag());
      assertThat(theirs.get(i).getBody()).isEqualTo(ours.get(i).bodyBytes());
      assertThat(theirs.get(i).getProperties())
          .isEqualTo(MessageProperties.decode(ours.get(i).propertiesString()));
    }
  }

  @Test
  void rejectsMalformedBatches() {
    byte[] good =
        MessageBatchCodec.encode(List.of(BatchEntry.of(0, new byte[10], "A\u0001b\u0002")));
    assertBad(new byte[0], "empty");
    assertBad(java.util.Arrays.copyOf(good, good.length - 1), "exceeds");
    assertBad(java.util.Arrays.copyOf(good, 10), "fewer than an entry header");
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 3);
    assertBad(trailing, "fewer than an entry header");

    ByteBuffer b = ByteBuffer.wrap(good.clone()).putInt(0, 5);
    assertBad(b.array(), "below the minimum");
    b = ByteBuffer.wrap(good.clone()).putInt(16, -1);
    assertBad(b.array(), "body length -1");
    b = ByteBuffer.wrap(good.clone()).putInt(16, 11);
    assertBad(b.array(), "properties length");
    b = ByteBuffer.wrap(good.clone()).putShort(30, (short) -2);
    assertBad(b.array(), "properties length -2");
  }

  private static void assertBad(byte[] body, String why) {
    assertThatThrownBy(() -> MessageBatchCodec.decode(ByteBuffer.wrap(body)))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining(why)
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.isFatalToConnection()).isFalse());
  }
}
