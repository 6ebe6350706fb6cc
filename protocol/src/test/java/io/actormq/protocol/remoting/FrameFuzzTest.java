package io.actormq.protocol.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of both decoders: whatever the bytes, only {@link ProtocolException} escapes, the
 * incremental decoder never holds more than its maximum, and every call returns.
 */
class FrameFuzzTest {

  private static final long SEED = 0xAC70_2D0CL;
  private static final int MAX_FRAME = 4096;
  private static final String ALPHABET = "abcXYZ019 _-%@\"\\/\n\t\u0001\u0002é中😀{}[]:,";

  @Test
  void incrementalDecoderSurvivesMutatedStreams() {
    Random random = new Random(SEED);
    int decoded = 0;
    int rejected = 0;
    for (int iteration = 0; iteration < 4000; iteration++) {
      byte[] stream = mutate(random, validStream(random));
      FrameDecoder decoder = new FrameDecoder(MAX_FRAME);
      int off = 0;
      int[] count = {0};
      try {
        while (off < stream.length) {
          int n = 1 + random.nextInt(random.nextBoolean() ? 16 : 2048);
          n = Math.min(n, stream.length - off);
          ByteBuffer chunk = ByteBuffer.wrap(stream, off, n);
          try {
            decoder.feed(chunk, cmd -> count[0]++);
          } catch (ProtocolException expected) {
            rejected++;
            break;
          }
          assertThat(chunk.hasRemaining()).isFalse();
          assertThat(decoder.bufferedBytes()).isBetween(0, MAX_FRAME);
          off += n;
        }
      } catch (RuntimeException | Error e) {
        fail("seed " + SEED + ", iteration " + iteration + ": " + e, e);
      }
      decoded += count[0];
    }
    // The mutations must exercise both outcomes, or the test proves nothing.
    assertThat(decoded).isGreaterThan(1000);
    assertThat(rejected).isGreaterThan(1000);
  }

  @Test
  void frameDecoderSurvivesMutatedFrames() {
    Random random = new Random(SEED + 1);
    int decoded = 0;
    int rejected = 0;
    for (int iteration = 0; iteration < 20_000; iteration++) {
      ByteBuffer full = RemotingCommandEncoder.encode(randomCommand(random), randomType(random));
      byte[] frame = Arrays.copyOfRange(full.array(), 4, full.remaining());
      byte[] mutated = mutate(random, frame);
      try {
        RemotingCommandDecoder.decode(ByteBuffer.wrap(mutated));
        decoded++;
      } catch (ProtocolException expected) {
        rejected++;
      } catch (RuntimeException | Error e) {
        fail("seed " + (SEED + 1) + ", iteration " + iteration + ": " + e, e);
      }
    }
    assertThat(decoded).isGreaterThan(1000);
    assertThat(rejected).isGreaterThan(1000);
  }

  @Test
  void pureNoiseIsRejectedOrDecodedButNeverCrashes() {
    Random random = new Random(SEED + 2);
    for (int iteration = 0; iteration < 20_000; iteration++) {
      byte[] noise = new byte[random.nextInt(64)];
      random.nextBytes(noise);
      if (noise.length >= 8 && random.nextBoolean()) {
        // Plausible prefix so that noise reaches the header parsers.
        int headerLen = random.nextInt(noise.length - 7);
        ByteBuffer.wrap(noise)
            .putInt(noise.length - 4)
            .putInt((random.nextInt(2) << 24) | headerLen);
      }
      try {
        new FrameDecoder(MAX_FRAME).feed(ByteBuffer.wrap(noise), cmd -> {});
        if (noise.length >= 4) {
          RemotingCommandDecoder.decode(ByteBuffer.wrap(noise, 4, noise.length - 4));
        }
      } catch (ProtocolException expected) {
        // expected
      } catch (RuntimeException | Error e) {
        fail("seed " + (SEED + 2) + ", iteration " + iteration + ": " + e, e);
      }
    }
  }

  private static byte[] validStream(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int frames = 1 + random.nextInt(4);
    for (int i = 0; i < frames; i++) {
      ByteBuffer f = RemotingCommandEncoder.encode(randomCommand(random), randomType(random));
      out.write(f.array(), 0, f.remaining());
    }
    return out.toByteArray();
  }

  private static SerializeType randomType(Random random) {
    return random.nextBoolean() ? SerializeType.JSON : SerializeType.ROCKETMQ;
  }

  private static RemotingCommand randomCommand(Random random) {
    Map<String, String> ext = new HashMap<>();
    int fields = random.nextInt(6);
    for (int i = 0; i < fields; i++) {
      ext.put(randomString(random, 8), randomString(random, 24));
    }
    byte[] body = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(600)];
    random.nextBytes(body);
    return RemotingCommand.of(
        random.nextInt(Short.MAX_VALUE),
        LanguageCode.fromCode(random.nextInt(14)),
        random.nextInt(500),
        random.nextInt(),
        random.nextInt(4),
        random.nextBoolean() ? null : randomString(random, 40),
        ext,
        ByteBuffer.wrap(body));
  }

  private static String randomString(Random random, int maxLength) {
    int n = random.nextInt(maxLength);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private static byte[] mutate(Random random, byte[] input) {
    byte[] b = input.clone();
    switch (random.nextInt(9)) {
      case 0 -> {
        return b; // untouched, must decode
      }
      case 1 -> {
        return Arrays.copyOf(b, random.nextInt(b.length + 1)); // truncated
      }
      case 2 -> {
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
          int at = random.nextInt(b.length);
          b[at] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 3 -> {
        int writes = 1 + random.nextInt(4);
        for (int i = 0; i < writes; i++) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
      }
      case 4 -> { // a hostile length prefix or header word
        if (b.length >= 8) {
          int[] choices = {
            -1,
            Integer.MIN_VALUE,
            Integer.MAX_VALUE,
            0,
            3,
            4,
            MAX_FRAME - 4,
            MAX_FRAME - 3,
            random.nextInt()
          };
          ByteBuffer.wrap(b).putInt(random.nextInt(2) * 4, choices[random.nextInt(choices.length)]);
        }
      }
      case 5 -> { // bytes in the middle of the header, where the parsers live
        if (b.length > 12) {
          int at = 8 + random.nextInt(Math.min(b.length - 8, 80));
          b[at] = (byte) ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
      }
      case 6 -> { // garbage inserted
        byte[] junk = new byte[1 + random.nextInt(16)];
        random.nextBytes(junk);
        int at = random.nextInt(b.length + 1);
        byte[] grown = new byte[b.length + junk.length];
        System.arraycopy(b, 0, grown, 0, at);
        System.arraycopy(junk, 0, grown, at, junk.length);
        System.arraycopy(b, at, grown, at + junk.length, b.length - at);
        return grown;
      }
      case 7 -> { // a length that disagrees with the content
        if (b.length >= 4) {
          ByteBuffer w = ByteBuffer.wrap(b);
          w.putInt(0, w.getInt(0) + random.nextInt(64) - 32);
        }
      }
      default -> random.nextBytes(b);
    }
    return b;
  }
}
