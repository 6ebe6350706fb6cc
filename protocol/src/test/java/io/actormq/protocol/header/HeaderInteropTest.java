package io.actormq.protocol.header;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.protocol.header.HeaderSamples.Sample;
import io.actormq.protocol.remoting.FrameDecoder;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RemotingCommandEncoder;
import io.actormq.protocol.remoting.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every typed header against RocketMQ's own classes, in both directions and both serialisations,
 * with and without body and remark: encode with ours and decode with theirs ({@code
 * RemotingCommand.decode} + {@code decodeCommandCustomHeader}), and encode with theirs ({@code
 * encode()} and Netty's {@code fastEncodeHeader}) and decode with ours.
 */
class HeaderInteropTest {

  private static final String[] REMARKS = {null, "备注 \"quoted\"\n😀"};
  private static final byte[][] BODIES = {null, "body bytes é".getBytes(UTF_8)};

  static List<Sample> samples() {
    return HeaderSamples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void encodedByOursDecodedByTheirs(Sample sample) throws Exception {
    Map<String, String> ourFields = sample.header().toExtFields();
    Map<String, String> expectedInTheirHeader = new HashMap<>(ourFields);
    expectedInTheirHeader.keySet().removeAll(sample.notInTheirs());

    for (SerializeType type : SerializeType.values()) {
      for (String remark : REMARKS) {
        for (byte[] body : BODIES) {
          RemotingCommand ours = ourCommand(sample, remark, body);
          ByteBuffer frame = RemotingCommandEncoder.encode(ours, type);
          frame.getInt(); // their decode takes the frame without its length prefix
          var theirs = org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(frame.slice());

          assertThat(theirs.getCode()).isEqualTo(sample.code());
          assertThat(theirs.getOpaque()).isEqualTo(ours.opaque());
          assertThat(theirs.isResponseType()).isEqualTo(sample.response());
          assertThat(theirs.getRemark()).isEqualTo(remark);
          assertThat(theirs.getVersion()).isEqualTo(ours.version());
          assertThat(theirs.getLanguage().name()).isEqualTo(ours.language().name());
          assertThat(theirs.getBody()).isEqualTo(body);
          assertThat(theirs.getExtFields()).isEqualTo(ourFields);

          CommandCustomHeader header = theirs.decodeCommandCustomHeader(sample.theirs());
          assertThat(fieldsOf(header, sample.code())).isEqualTo(expectedInTheirHeader);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void encodedByTheirsDecodedByOurs(Sample sample) throws Exception {
    CommandCustomHeader theirHeader = theirHeader(sample);
    for (org.apache.rocketmq.remoting.protocol.SerializeType type :
        org.apache.rocketmq.remoting.protocol.SerializeType.values()) {
      for (String remark : REMARKS) {
        for (byte[] body : BODIES) {
          for (boolean fast : new boolean[] {false, true}) {
            var theirs =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(
                    sample.code(), theirHeader);
            theirs.setSerializeTypeCurrentRPC(type);
            theirs.setRemark(remark);
            theirs.setBody(body);
            theirs.setOpaque(90210);
            if (sample.response()) {
              theirs.markResponseType();
            }
            Map<String, String> extra = sample.header().toExtFields();
            for (String key : sample.notInTheirs()) {
              theirs.addExtField(key, extra.get(key));
            }

            ByteBuffer wire = fast ? fastEncode(theirs) : theirs.encode();
            List<RemotingCommand> decoded = new FrameDecoder().feed(wire);
            assertThat(decoded).hasSize(1);
            RemotingCommand ours = decoded.get(0);

            String where = sample + " " + type + (fast ? " fastEncodeHeader" : " encode()");
            assertThat(ours.code()).as(where).isEqualTo(sample.code());
            assertThat(ours.opaque()).as(where).isEqualTo(90210);
            assertThat(ours.isResponse()).as(where).isEqualTo(sample.response());
            assertThat(ours.remark()).as(where).isEqualTo(remark);
            assertThat(ours.version()).as(where).isEqualTo(theirs.getVersion());
            assertThat(ours.body())
                .as(where)
                .isEqualTo(body == null ? null : ByteBuffer.wrap(body));
            assertThat(sample.parser().apply(ours.extFields()))
                .as(where)
                .isEqualTo(sample.header());
          }
        }
      }
    }
  }

  private static RemotingCommand ourCommand(Sample sample, String remark, byte[] body) {
    ByteBuffer buffer = body == null ? null : ByteBuffer.wrap(body);
    if (sample.response()) {
      RemotingCommand request = RemotingCommand.request(1, 31337, Map.of(), null);
      return RemotingCommand.responseTo(request, sample.code(), remark, sample.header(), buffer);
    }
    return RemotingCommand.request(sample.code(), 31337, sample.header(), buffer)
        .withRemark(remark);
  }

  /** Their header object populated by their own decoding of our field map. */
  private static CommandCustomHeader theirHeader(Sample sample) throws Exception {
    var seed = org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(1, null);
    seed.setExtFields(new HashMap<>(sample.header().toExtFields()));
    return seed.decodeCommandCustomHeader(sample.theirs());
  }

  /** What their header object puts on the wire. */
  private static Map<String, String> fieldsOf(CommandCustomHeader header, int code) {
    var cmd =
        org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(code, header);
    cmd.makeCustomHeaderToNet();
    return cmd.getExtFields() == null ? Map.of() : cmd.getExtFields();
  }

  /** The path their Netty encoder takes: header via fastEncodeHeader, then the body. */
  private static ByteBuffer fastEncode(org.apache.rocketmq.remoting.protocol.RemotingCommand cmd) {
    ByteBuf buf = Unpooled.buffer();
    cmd.fastEncodeHeader(buf);
    if (cmd.getBody() != null) {
      buf.writeBytes(cmd.getBody());
    }
    return buf.nioBuffer();
  }
}
