package io.actormq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time property lookups ({@link MessageProperties#find}, {@link PropertyIndex})
 * against {@link MessageProperties#get}, which parses the decoded string char by char and shares no
 * code with them, on random strings placed anywhere in arrays and buffers of either byte order.
 */
class PropertyScanTest {

  private static final char NV = MessageProperties.NAME_VALUE_SEPARATOR;
  private static final char PS = MessageProperties.PROPERTY_SEPARATOR;

  // 0x03 and 0x00 next to the separator are where a sloppy zero-byte test flags the wrong byte.
  private static final char[] ALPHABET = {'a', 'b', 'T', 'A', 'G', 'S', 'é', NV, PS, '\u0003', 0};
  private static final String[] NAMES = {"a", "b", "TAGS", "ab", "é", "aaaaaaaaaaaa"};

  @Test
  void findsWhatTheStringParserFindsWhereverTheBytesLie() {
    Random random = new Random(20261122);
    for (int round = 0; round < 30_000; round++) {
      String props = randomProperties(random);
      byte[] bytes = props.getBytes(StandardCharsets.UTF_8);
      int before = random.nextInt(12);
      // Bytes after the string are read by whole words when the array has room: fill them with
      // separators and letters, which must never be taken for the string's own.
      int after = random.nextInt(12);
      byte[] array = new byte[before + bytes.length + after];
      for (int i = 0; i < array.length; i++) {
        array[i] = (byte) ALPHABET[random.nextInt(ALPHABET.length)];
      }
      System.arraycopy(bytes, 0, array, before, bytes.length);
      int sliceAt = random.nextInt(before + 1);
      ByteBuffer heap = ByteBuffer.wrap(array).slice(sliceAt, array.length - sliceAt);
      int pos = before - sliceAt;
      for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
        ByteBuffer direct = ByteBuffer.allocateDirect(array.length).order(order);
        direct.put(0, array);
        check(props, heap, pos, bytes.length);
        check(props, direct, before, bytes.length);
      }
    }
  }

  @Test
  void findsValuesLongerThanAWordAndTheLastOfRepeatedNames() {
    String long1 = "x".repeat(37);
    String long2 = "y".repeat(41);
    String props = "a" + NV + long1 + PS + "TAGS" + NV + "T" + PS + "a" + NV + long2 + PS + "b";
    byte[] bytes = props.getBytes(StandardCharsets.UTF_8);
    ByteBuffer heap = ByteBuffer.wrap(bytes);

    assertThat(value(heap, 0, bytes.length, "a")).isEqualTo(long2);
    assertThat(value(heap, 0, bytes.length, "TAGS")).isEqualTo("T");
    assertThat(value(heap, 0, bytes.length, "b")).isNull();
    assertThat(PropertyIndex.of(heap, 0, bytes.length).get("a")).isEqualTo(long2);
  }

  private static void check(String props, ByteBuffer buf, int pos, int len) {
    PropertyIndex index = PropertyIndex.of(buf, pos, len);
    for (String name : NAMES) {
      String expected = MessageProperties.get(props, name);
      assertThat(value(buf, pos, len, name))
          .as("%s in %s (%s)", name, printable(props), buf)
          .isEqualTo(expected);
      assertThat(index.get(name)).as("index: %s in %s", name, printable(props)).isEqualTo(expected);
    }
  }

  private static String value(ByteBuffer buf, int pos, int len, String name) {
    long range = MessageProperties.find(buf, pos, len, name);
    if (range < 0) {
      return null;
    }
    int at = MessageProperties.rangeOffset(range);
    assertThat(at).isBetween(pos, pos + len);
    return Utf8.decode(buf, at, MessageProperties.rangeLength(range));
  }

  private static String randomProperties(Random random) {
    StringBuilder sb = new StringBuilder();
    int entries = random.nextInt(6);
    for (int e = 0; e < entries; e++) {
      if (random.nextInt(4) == 0) {
        int junk = random.nextInt(20);
        for (int i = 0; i < junk; i++) {
          sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
      } else {
        sb.append(NAMES[random.nextInt(NAMES.length)]).append(NV);
        int valueLength = random.nextInt(random.nextBoolean() ? 4 : 30);
        for (int i = 0; i < valueLength; i++) {
          char c = ALPHABET[random.nextInt(ALPHABET.length)];
          sb.append(c == PS ? 'v' : c);
        }
      }
      if (e < entries - 1 || random.nextBoolean()) {
        sb.append(PS);
      }
    }
    return sb.toString();
  }

  private static String printable(String s) {
    return s.replace(NV, '=').replace(PS, ';');
  }
}
