package io.actormq.broker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actormq.broker.queue.QueueCommand.Append;
import io.actormq.broker.queue.QueueCommand.AppendFailed;
import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.broker.queue.QueueCommand.AppendReply;
import io.actormq.broker.queue.QueueCommand.CommitOffset;
import io.actormq.broker.queue.QueueCommand.GetBounds;
import io.actormq.broker.queue.QueueCommand.OffsetReply;
import io.actormq.broker.queue.QueueCommand.Pull;
import io.actormq.broker.queue.QueueCommand.QueryKey;
import io.actormq.broker.queue.QueueCommand.QueryOffset;
import io.actormq.broker.queue.QueueCommand.QueueBounds;
import io.actormq.broker.queue.QueueCommand.ReadAt;
import io.actormq.broker.queue.QueueCommand.ReadOffsets;
import io.actormq.broker.queue.QueueCommand.Records;
import io.actormq.broker.queue.QueueCommand.ReleaseWaiters;
import io.actormq.broker.queue.QueueCommand.ResetOffset;
import io.actormq.broker.queue.QueueCommand.SearchOffset;
import io.actormq.broker.queue.QueueCommand.TrimBelow;
import io.actormq.persistence.log.ReadResult;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import java.io.NotSerializableException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every queue message through the serializer Pekko picks for it from the broker's reference.conf (a
 * cluster provider, as between nodes), and back.
 */
class QueueMessageSerializerTest {

  static final ActorTestKit testKit = ActorTestKit.create("QueueMessageSerializerTest");
  static final Serialization serialization =
      SerializationExtension.get(Adapter.toClassic(testKit.system()));
  static final HostAddress host = HostAddress.of(new byte[] {127, 0, 0, 1}, 10911);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void appendCarriesHeapDirectAndSlicedRecordsWithoutMovingThem() throws Exception {
    TestProbe<AppendReply> probe = testKit.createTestProbe();
    List<ByteBuffer> records = callerBuffers(3_000);
    List<Integer> positions = records.stream().map(ByteBuffer::position).toList();
    List<Integer> limits = records.stream().map(ByteBuffer::limit).toList();
    List<ByteBuffer> copies = records.stream().map(QueueMessageSerializerTest::copyOf).toList();

    Append decoded = roundTrip(new Append(records, probe.ref()));

    assertThat(records.stream().map(ByteBuffer::position).toList()).isEqualTo(positions);
    assertThat(records.stream().map(ByteBuffer::limit).toList()).isEqualTo(limits);
    // ByteBuffer.equals compares the bytes between position and limit.
    assertThat(records).isEqualTo(copies);
    assertThat(decoded.records()).isEqualTo(copies);
    assertThat(decoded.records()).allSatisfy(b -> assertThat(b.position()).isZero());
    assertThat(MessageRecordCodec.decode(decoded.records().get(0).duplicate()).topic())
        .isEqualTo("TopicA");
    assertThat(MessageRecordCodec.decode(decoded.records().get(1).duplicate()).topic())
        .isEqualTo("TopicB");
    // Slices of the one array that arrived, not a copy per record.
    ByteBuffer first = decoded.records().get(0);
    assertThat(first.hasArray()).isTrue();
    assertThat(decoded.records())
        .allSatisfy(b -> assertThat(b.array()).isSameAs(first.array()))
        .allSatisfy(b -> assertThat(b.capacity()).isEqualTo(b.remaining()));
    assertThat(decoded.replyTo()).isEqualTo(probe.ref());

    decoded.replyTo().tell(new AppendFailed(14, "through the decoded ref"));
    probe.expectMessage(new AppendFailed(14, "through the decoded ref"));
  }

  @Test
  void pullKeepsTagCodesAndNullsTheTypeAllows() throws Exception {
    TestProbe<ReadResult> probe = testKit.createTestProbe();
    int[] tags = {Integer.MIN_VALUE, -3, 0, 7, Integer.MAX_VALUE};
    Pull pull =
        new Pull(
            "group-\u00e9-\u4e2d-\uD83D\uDE00", 42, 32, 4 << 20, tags, 15_000, 40, probe.ref());

    Pull decoded = roundTrip(pull);
    assertThat(decoded.group()).isEqualTo(pull.group());
    assertThat(decoded.offset()).isEqualTo(42);
    assertThat(decoded.maxRecords()).isEqualTo(32);
    assertThat(decoded.maxBytes()).isEqualTo(4 << 20);
    assertThat(decoded.tagCodes()).containsExactly(tags);
    assertThat(decoded.holdMillis()).isEqualTo(15_000);
    assertThat(decoded.commitOffset()).isEqualTo(40);
    assertThat(decoded.replyTo()).isEqualTo(probe.ref());

    Pull nulls = roundTrip(new Pull(null, 0, 1, 1, null, 0, -1, probe.ref()));
    assertThat(nulls.group()).isNull();
    assertThat(nulls.tagCodes()).isNull();
    assertThat(roundTrip(new Pull("g", 0, 1, 1, new int[0], 0, -1, probe.ref())).tagCodes())
        .isEmpty();
  }

  @Test
  void stringsAreUtf8AsStringGetBytesMakesThem() throws Exception {
    for (String s :
        List.of(
            "", "ascii", "\u00e9\u00df", "\u4e2d\u6587", "\uD83D\uDE00!", "lone \uD800 x\uDC00")) {
      byte[] expected = s.getBytes(StandardCharsets.UTF_8);
      assertThat(QueueWireWriter.utf8Length(s)).as(s).isEqualTo(expected.length);
      CommitOffset decoded = roundTrip(new CommitOffset(s, 9));
      assertThat(decoded.group()).isEqualTo(new String(expected, StandardCharsets.UTF_8));
      assertThat(serialization.serialize(new CommitOffset(s, 9)).get())
          .hasSize(4 + expected.length + 8);
    }
  }

  @Test
  void offsetAndLookupRequestsRoundTrip() throws Exception {
    TestProbe<OffsetReply> offsets = testKit.createTestProbe();
    TestProbe<QueueBounds> bounds = testKit.createTestProbe();
    TestProbe<Records> records = testKit.createTestProbe();

    assertThat(roundTrip(new CommitOffset("cg", 123_456_789_012L)))
        .isEqualTo(new CommitOffset("cg", 123_456_789_012L));
    assertThat(roundTrip(new ResetOffset("cg", -1, offsets.ref())))
        .isEqualTo(new ResetOffset("cg", -1, offsets.ref()));
    assertThat(roundTrip(new QueryOffset("cg", offsets.ref())))
        .isEqualTo(new QueryOffset("cg", offsets.ref()));
    assertThat(roundTrip(new GetBounds(bounds.ref()))).isEqualTo(new GetBounds(bounds.ref()));
    assertThat(roundTrip(new SearchOffset(1_700_000_000_000L, true, offsets.ref())))
        .isEqualTo(new SearchOffset(1_700_000_000_000L, true, offsets.ref()));
    assertThat(roundTrip(new SearchOffset(5, false, offsets.ref())))
        .isEqualTo(new SearchOffset(5, false, offsets.ref()));
    assertThat(roundTrip(new ReadAt(Long.MIN_VALUE, records.ref())))
        .isEqualTo(new ReadAt(Long.MIN_VALUE, records.ref()));
    assertThat(roundTrip(new QueryKey("order-17", 10, 20, 64, records.ref())))
        .isEqualTo(new QueryKey("order-17", 10, 20, 64, records.ref()));
    assertThat(roundTrip(new TrimBelow(77))).isEqualTo(new TrimBelow(77));
    assertThat(roundTrip(ReleaseWaiters.INSTANCE)).isSameAs(ReleaseWaiters.INSTANCE);

    long[] many = LongStream.range(0, 10_000).map(i -> i * 31 - 5_000).toArray();
    ReadOffsets read = roundTrip(new ReadOffsets(many, records.ref()));
    assertThat(Arrays.equals(read.offsets(), many)).isTrue();
    assertThat(read.replyTo()).isEqualTo(records.ref());
    assertThat(roundTrip(new ReadOffsets(new long[0], records.ref())).offsets()).isEmpty();

    GetBounds decoded = roundTrip(new GetBounds(bounds.ref()));
    decoded.replyTo().tell(new QueueBounds(1, 2, 3, 4));
    bounds.expectMessage(new QueueBounds(1, 2, 3, 4));
  }

  @Test
  void repliesRoundTrip() throws Exception {
    long[] commitLogOffsets = LongStream.range(0, 1_000).map(i -> (3L << 40) + i).toArray();
    AppendOk ok = roundTrip(new AppendOk(5_000_000_000L, commitLogOffsets));
    assertThat(ok.firstOffset()).isEqualTo(5_000_000_000L);
    assertThat(Arrays.equals(ok.commitLogOffsets(), commitLogOffsets)).isTrue();
    assertThat(roundTrip(new AppendOk(0, new long[0])).commitLogOffsets()).isEmpty();

    assertThat(roundTrip(new AppendFailed(14, "service not available now")))
        .isEqualTo(new AppendFailed(14, "service not available now"));
    assertThat(roundTrip(new AppendFailed(1, null))).isEqualTo(new AppendFailed(1, null));
    assertThat(roundTrip(new OffsetReply(-1))).isEqualTo(new OffsetReply(-1));
    QueueBounds bounds = new QueueBounds(3, Long.MAX_VALUE, 1_700_000_000_000L, 1L << 40);
    assertThat(roundTrip(bounds)).isEqualTo(bounds);
    assertThat(serialization.serialize(bounds).get()).hasSize(32);

    List<ByteBuffer> callers = callerBuffers(3_000);
    List<ByteBuffer> copies = callers.stream().map(QueueMessageSerializerTest::copyOf).toList();
    assertThat(roundTrip(new Records(callers)).records()).isEqualTo(copies);
    assertThat(callers).isEqualTo(copies);
    assertThat(roundTrip(new Records(List.of())).records()).isEmpty();
  }

  @Test
  void readResultKeepsItsRunsReadOnly() throws Exception {
    // Runs as the log hands them out: read-only slices of a (here direct) segment.
    ByteBuffer segment = ByteBuffer.allocateDirect(4096);
    segment.put(new byte[100]).put(record("TopicR", "one")).put(record("TopicR", "two"));
    int end = segment.position();
    ByteBuffer run = segment.asReadOnlyBuffer().position(100).limit(end);
    ByteBuffer other = segment.asReadOnlyBuffer().position(7).limit(40);
    ReadResult result =
        new ReadResult(ReadResult.Status.FOUND, List.of(run, other), 2, end - 100, 9, 0, 10);

    ReadResult decoded = roundTrip(result);

    assertThat(run.position()).isEqualTo(100);
    assertThat(run.limit()).isEqualTo(end);
    assertThat(decoded).isEqualTo(result);
    assertThat(decoded.runs()).allSatisfy(b -> assertThat(b.isReadOnly()).isTrue());
    assertThat(MessageRecordCodec.decodeAll(decoded.runs().get(0).duplicate()))
        .extracting(MessageRecord::topic)
        .containsExactly("TopicR", "TopicR");

    for (ReadResult.Status status : ReadResult.Status.values()) {
      ReadResult empty = new ReadResult(status, List.of(), 0, 0, 11, 3, 11);
      assertThat(roundTrip(empty)).isEqualTo(empty);
    }
  }

  @Test
  void repliesCrossArteryToADecodedRefOfAnotherNode() throws Exception {
    ActorTestKit other = ActorTestKit.create("QueueMessageSerializerTestOther");
    try {
      Serialization otherSerialization =
          SerializationExtension.get(Adapter.toClassic(other.system()));
      TestProbe<Records> probe = testKit.createTestProbe();
      ReadAt request = new ReadAt(7, probe.ref());
      Serializer serializer = serialization.findSerializerFor(request);
      ReadAt arrived =
          (ReadAt)
              otherSerialization
                  .deserialize(
                      serialization.serialize(request).get(),
                      serializer.identifier(),
                      Serializers.manifestFor(serializer, request))
                  .get();

      assertThat(arrived.replyTo().path().address()).isEqualTo(testKit.system().address());
      assertThat(other.system().address()).isNotEqualTo(testKit.system().address());

      // The other node answers through the decoded ref: over Artery, with this serializer.
      List<ByteBuffer> records = callerBuffers(3_000);
      List<ByteBuffer> copies = records.stream().map(QueueMessageSerializerTest::copyOf).toList();
      arrived.replyTo().tell(new Records(records));
      assertThat(probe.receiveMessage(Duration.ofSeconds(10)).records()).isEqualTo(copies);
    } finally {
      other.shutdownTestKit();
    }
  }

  @Test
  void queueActorInternalMessagesAreRefused() throws Exception {
    List<Object> internals = internalMessages();
    assertThat(internals).isNotEmpty();
    for (Object internal : internals) {
      Serializer serializer = serialization.findSerializerFor(internal);
      assertThat(serializer)
          .as("%s", internal.getClass())
          .isInstanceOf(QueueMessageSerializer.class);
      assertThatThrownBy(() -> serializer.toBinary(internal))
          .isInstanceOf(NotSerializableException.class)
          .hasMessageContaining(internal.getClass().getName());
      assertThat(serialization.serialize(internal).isFailure()).isTrue();
    }
  }

  @Test
  void truncatedOrPaddedBytesAreRefusedWithAClearError() throws Exception {
    QueueMessageSerializer serializer = serializer();
    for (Object message : samples()) {
      String manifest = serializer.manifest(message);
      byte[] bytes = serializer.toBinary(message);
      for (int length = 0; length < bytes.length; length++) {
        byte[] truncated = Arrays.copyOf(bytes, length);
        assertThatThrownBy(() -> serializer.fromBinary(truncated, manifest))
            .as("%s cut to %d of %d bytes", manifest, length, bytes.length)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("Corrupt queue message [" + manifest + "]");
      }
      byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
      assertThatThrownBy(() -> serializer.fromBinary(padded, manifest))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("trailing");
    }
  }

  @Test
  void forgedLengthsAndCodesAreRefused() throws Exception {
    QueueMessageSerializer serializer = serializer();
    TestProbe<Records> probe = testKit.createTestProbe();

    byte[] records = serializer.toBinary(new Records(callerBuffers(3_000)));
    ByteBuffer.wrap(records).putInt(0, Integer.MAX_VALUE);
    assertThatThrownBy(() -> serializer.fromBinary(records, "R"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds");
    ByteBuffer.wrap(records).putInt(0, 4).putInt(4, -2);
    assertThatThrownBy(() -> serializer.fromBinary(records, "R"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative length -2");

    byte[] offsets = serializer.toBinary(new ReadOffsets(new long[] {1, 2}, probe.ref()));
    ByteBuffer.wrap(offsets).putInt(0, 1 << 28);
    assertThatThrownBy(() -> serializer.fromBinary(offsets, "RO"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds");

    byte[] result =
        serializer.toBinary(new ReadResult(ReadResult.Status.FOUND, List.of(), 0, 0, 0, 0, 0));
    result[0] = 9;
    assertThatThrownBy(() -> serializer.fromBinary(result, "RR"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown read status 9");

    byte[] search =
        serializer.toBinary(
            new SearchOffset(1, true, testKit.<OffsetReply>createTestProbe().ref()));
    search[8] = 2;
    assertThatThrownBy(() -> serializer.fromBinary(search, "SO"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("boolean byte 2");

    byte[] bounds =
        serializer.toBinary(new GetBounds(testKit.<QueueBounds>createTestProbe().ref()));
    ByteBuffer.wrap(bounds).putInt(0, -1);
    assertThatThrownBy(() -> serializer.fromBinary(Arrays.copyOf(bounds, 4), "GB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("replyTo is null");

    assertThatThrownBy(() -> serializer.fromBinary(new byte[8], "Nope"))
        .isInstanceOf(NotSerializableException.class)
        .hasMessageContaining("Nope");
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T message) throws NotSerializableException {
    Serializer serializer = serialization.findSerializerFor(message);
    assertThat(serializer).isInstanceOf(QueueMessageSerializer.class);
    assertThat(serializer.identifier()).isEqualTo(QueueMessageSerializer.IDENTIFIER);
    String manifest = Serializers.manifestFor(serializer, message);
    byte[] bytes = serialization.serialize(message).get();
    Object decoded = serialization.deserialize(bytes, serializer.identifier(), manifest).get();
    assertThat(decoded).isInstanceOf(message.getClass());
    return (T) decoded;
  }

  static QueueMessageSerializer serializer() {
    return (QueueMessageSerializer) serialization.findSerializerFor(new TrimBelow(0));
  }

  /** One of each type, with content in every field; records small, as every prefix is tried. */
  static List<Object> samples() {
    ActorRef<AppendReply> appends = testKit.<AppendReply>createTestProbe().ref();
    ActorRef<ReadResult> reads = testKit.<ReadResult>createTestProbe().ref();
    ActorRef<OffsetReply> offsets = testKit.<OffsetReply>createTestProbe().ref();
    ActorRef<QueueBounds> bounds = testKit.<QueueBounds>createTestProbe().ref();
    ActorRef<Records> records = testKit.<Records>createTestProbe().ref();
    return List.of(
        new Append(callerBuffers(10), appends),
        new Pull("cg", 1, 2, 3, new int[] {4, 5}, 6, 7, reads),
        new Pull(null, 1, 2, 3, null, 6, 7, reads),
        new CommitOffset("cg", 1),
        new ResetOffset("cg", 2, offsets),
        new QueryOffset("cg", offsets),
        new GetBounds(bounds),
        new SearchOffset(3, false, offsets),
        new ReadAt(4, records),
        new ReadOffsets(new long[] {5, 6, 7}, records),
        new QueryKey("k", 8, 9, 10, records),
        new TrimBelow(11),
        new AppendOk(12, new long[] {13, 14}),
        new AppendFailed(15, "why"),
        new AppendFailed(15, null),
        new OffsetReply(16),
        new QueueBounds(17, 18, 19, 20),
        new Records(callerBuffers(10)),
        new ReadResult(ReadResult.Status.ALL_FILTERED, callerBuffers(10), 21, 22, 23, 24, 25));
  }

  /**
   * Buffers as callers hold them: a heap record behind a non-zero position and before a tail, a
   * direct one likewise, a slice of a larger array, and an empty one.
   */
  static List<ByteBuffer> callerBuffers(int bodyLength) {
    byte[] a = record("TopicA", "hello");
    ByteBuffer heap = ByteBuffer.allocate(a.length + 13);
    heap.position(5).mark();
    heap.put(a).limit(heap.position()).reset();

    byte[] b = record("TopicB", "x".repeat(bodyLength));
    ByteBuffer direct = ByteBuffer.allocateDirect(b.length + 20);
    direct.position(9).mark();
    direct.put(b).limit(direct.position()).reset();

    byte[] arbitrary = new byte[300];
    for (int i = 0; i < arbitrary.length; i++) {
      arbitrary[i] = (byte) (i * 7);
    }
    ByteBuffer sliced = ByteBuffer.wrap(arbitrary, 100, 150).slice().position(10);

    List<ByteBuffer> buffers = new ArrayList<>();
    buffers.add(heap);
    buffers.add(direct);
    buffers.add(sliced);
    buffers.add(ByteBuffer.allocate(8).position(8));
    return buffers;
  }

  static byte[] record(String topic, String body) {
    return MessageRecordCodec.encode(
        MessageRecord.builder()
            .topic(topic)
            .queueId(3)
            .queueOffset(17)
            .bornTimestamp(1_700_000_000_000L)
            .storeTimestamp(1_700_000_000_123L)
            .bornHost(host)
            .storeHost(host)
            .body(body.getBytes(StandardCharsets.UTF_8))
            .properties(Map.of(MessageProperties.TAGS, "tagA", MessageProperties.KEYS, "k1"))
            .build());
  }

  static ByteBuffer copyOf(ByteBuffer b) {
    ByteBuffer copy = ByteBuffer.allocate(b.remaining());
    copy.put(b.duplicate()).flip();
    return copy;
  }

  /**
   * One instance of each of QueueActor's private Internal messages (zero and null fields), so a new
   * one is covered without this test knowing it.
   */
  static List<Object> internalMessages() throws ReflectiveOperationException {
    List<Object> messages = new ArrayList<>();
    for (Class<?> type : QueueActor.Internal.class.getPermittedSubclasses()) {
      if (type.isEnum()) {
        messages.addAll(Arrays.asList(type.getEnumConstants()));
      } else if (type.isRecord()) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
          types[i] = components[i].getType();
          args[i] = types[i].isPrimitive() ? Array.get(Array.newInstance(types[i], 1), 0) : null;
        }
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        messages.add(constructor.newInstance(args));
      }
    }
    return messages;
  }
}
