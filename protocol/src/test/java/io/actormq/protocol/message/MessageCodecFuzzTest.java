package io.actormq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded fuzzing of everything that parses untrusted bytes: hostile input must produce a negative
 * {@code validate} result or a {@link MessageFormatException}, nothing else, must terminate, and
 * must not make the decoder allocate in proportion to a length field instead of the input.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MessageCodecFuzzTest {

  private static final long SEED = 0x5EED_A770_4D51L;
  private static final int ROUNDS = 20_000;
  // First calls load classes and link lambdas, which allocates; measure after that.
  private static final int WARM_UP_ROUNDS = 1_000;
  private static final int[] NASTY = {
    0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, Short.MAX_VALUE, 0xFFFF, 0x7F, 0x80, 91
  };

  private final Random rnd = new Random(SEED);
  private final com.sun.management.ThreadMXBean threads =
      ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
              && t.isThreadAllocatedMemorySupported()
          ? t
          : null;

  @Test
  void recordsValidateAndDecodeSafely() {
    for (int round = 0; round < ROUNDS; round++) {
      byte[] input = mutate(validRecords());
      ByteBuffer buf = rnd.nextBoolean() ? ByteBuffer.wrap(input) : direct(input);
      int limit = input.length;

      int pos = 0;
      while (pos < limit) {
        int r = MessageRecordView.validate(buf, pos, limit);
        if (r < 0) {
          assertThat(r).isBetween(MessageLayout.BAD_CRC, MessageLayout.TRUNCATED);
          break;
        }
        assertThat(r)
            .isGreaterThanOrEqualTo(MessageLayout.MIN_RECORD_SIZE)
            .isLessThanOrEqualTo(limit - pos);
        MessageRecordView v = new MessageRecordView().wrap(buf, pos); // must not throw now
        v.findProperty(MessageProperties.TAGS);
        v.tagsHashCode();
        v.offsetMsgId();
        v.toRecord();
        pos += r;
      }

      expectOnlyFormatErrors(round, input, bytes -> MessageRecordCodec.decodeAll(bytes));
      expectOnlyFormatErrors(round, input, bytes -> MessageRecordCodec.decodeAllSharing(bytes));
    }
  }

  @Test
  void batchesDecodeSafely() {
    for (int round = 0; round < ROUNDS; round++) {
      List<BatchEntry> entries = new ArrayList<>();
      int n = 1 + rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        entries.add(BatchEntry.of(rnd.nextInt(), randomBytes(rnd.nextInt(64)), randomProps()));
      }
      byte[] input = mutate(MessageBatchCodec.encode(entries));
      expectOnlyFormatErrors(
          round,
          input,
          bytes -> {
            for (BatchEntry e : MessageBatchCodec.decode(bytes)) {
              e.findProperty(MessageProperties.UNIQ_KEY);
              e.propertiesString();
            }
          });
    }
  }

  @Test
  void idsAndPropertiesParseSafely() {
    String alphabet = "0123456789ABCDEFabcdefXYZ-\u0001\u0002 é";
    for (int round = 0; round < ROUNDS; round++) {
      int len = rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? 32 : 56) : rnd.nextInt(70);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < len; i++) {
        sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      try {
        OffsetMsgId id = MessageIds.decodeOffsetMsgId(s);
        assertThat(id.toString()).isEqualToIgnoringCase(s);
      } catch (MessageFormatException expected) {
        // the declared failure
      }
      MessageProperties.decode(s);
      MessageProperties.get(s, "A");
      SubscriptionExpression.parse(s).matches(rnd.nextInt());
    }
  }

  private void expectOnlyFormatErrors(int round, byte[] input, Consumer<ByteBuffer> decoder) {
    ByteBuffer buf = ByteBuffer.wrap(input);
    long before = allocated();
    try {
      decoder.accept(buf);
    } catch (MessageFormatException expected) {
      // the declared failure
    } catch (RuntimeException | Error e) {
      fail("undeclared " + e + " for input " + hex(input), e);
    }
    long used = allocated() - before;
    if (round < WARM_UP_ROUNDS) {
      return;
    }
    // Objects per record plus one exception with its stack trace; never a hostile length.
    assertThat(used)
        .as("bytes allocated for %d input bytes", input.length)
        .isLessThan(64L * input.length + 128 * 1024);
  }

  private long allocated() {
    return threads == null ? 0 : threads.getCurrentThreadAllocatedBytes();
  }

  private byte[] validRecords() {
    int n = 1 + rnd.nextInt(3);
    List<MessageRecord> records = new ArrayList<>();
    int size = 0;
    for (int i = 0; i < n; i++) {
      MessageRecord m =
          Records.sample()
              .bornHost(rnd.nextBoolean() ? Records.BORN_V4 : Records.BORN_V6)
              .storeHost(rnd.nextBoolean() ? Records.STORE_V4 : Records.STORE_V6)
              .topic(
                  rnd.nextInt(5) == 0 ? "L".repeat(128 + rnd.nextInt(100)) : "T" + rnd.nextInt(99))
              .body(randomBytes(rnd.nextInt(100)))
              .properties(randomProps())
              .build();
      records.add(m);
      size += MessageRecordCodec.size(m);
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    records.forEach(m -> MessageRecordCodec.encode(m, buf));
    return buf.array();
  }

  private String randomProps() {
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      sb.append(rnd.nextBoolean() ? "TAGS" : "K" + rnd.nextInt(5))
          .append('\u0001')
          .append(rnd.nextBoolean() ? "v" + rnd.nextInt() : "ü✓")
          .append('\u0002');
    }
    return sb.toString();
  }

  private byte[] mutate(byte[] valid) {
    byte[] b = valid.clone();
    switch (rnd.nextInt(7)) {
      case 0 -> {
        return java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1)); // truncated
      }
      case 1 -> { // a few random bytes anywhere
        int flips = 1 + rnd.nextInt(8);
        for (int i = 0; i < flips; i++) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt();
        }
      }
      case 2 -> { // a nasty int at a random (often length-bearing) position
        int at = rnd.nextInt(Math.max(1, b.length - 3));
        ByteBuffer.wrap(b).putInt(at, NASTY[rnd.nextInt(NASTY.length)]);
      }
      case 3 -> { // a nasty short (topic or property length) near the tail
        int at = Math.max(0, b.length - 2 - rnd.nextInt(Math.min(b.length - 1, 300)));
        ByteBuffer.wrap(b).putShort(at, (short) NASTY[rnd.nextInt(NASTY.length)]);
      }
      case 4 -> {
        return randomBytes(rnd.nextInt(400)); // pure noise
      }
      case 5 -> { // trailing garbage
        byte[] more = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(40));
        for (int i = b.length; i < more.length; i++) {
          more[i] = (byte) rnd.nextInt();
        }
        return more;
      }
      default -> {
        // unchanged: valid input must keep decoding
      }
    }
    return b;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private static ByteBuffer direct(byte[] b) {
    ByteBuffer d = ByteBuffer.allocateDirect(b.length);
    d.put(0, b);
    return d;
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(MessageIds.HEX[(x >> 4) & 0xF]).append(MessageIds.HEX[x & 0xF]);
    }
    return sb.toString();
  }
}
