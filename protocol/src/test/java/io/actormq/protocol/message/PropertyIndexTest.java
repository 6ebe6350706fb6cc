package io.actormq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PropertyIndexTest {

  private static final char NV = MessageProperties.NAME_VALUE_SEPARATOR;
  private static final char PS = MessageProperties.PROPERTY_SEPARATOR;

  @Test
  void readsEveryEntryOfAnEncodedString() {
    String props = "TAGS" + NV + "TagA" + PS + "KEYS" + NV + "k1 k2" + PS + "UNIQ_KEY" + NV + "ID";
    PropertyIndex index = index(props, false);

    assertThat(index.get("TAGS")).isEqualTo("TagA");
    assertThat(index.get("KEYS")).isEqualTo("k1 k2");
    assertThat(index.get("UNIQ_KEY")).isEqualTo("ID");
    assertThat(index.get("TAG")).isNull();
    assertThat(index.get("WAIT")).isNull();
  }

  @Test
  void theLastEntryOfANameWinsAndEmptyValuesDoNotCount() {
    String props = "a" + NV + "1" + PS + "a" + NV + "2" + PS + "b" + NV + "x" + PS + "b" + NV + PS;
    PropertyIndex index = index(props, false);

    assertThat(index.get("a")).isEqualTo("2");
    assertThat(index.get("b")).isEqualTo("x");
  }

  @Test
  void emptyStringsAndNamesHoldingSeparatorsFindNothing() {
    assertThat(index("", false).get("TAGS")).isNull();
    PropertyIndex index = index("a" + NV + "1", false);
    assertThat(index.get("")).isNull();
    assertThat(index.get("a" + NV)).isNull();
  }

  @Test
  void nonAsciiNamesAndValues() {
    String props = "名前" + NV + "値" + PS + "k" + NV + "é";
    for (boolean direct : List.of(false, true)) {
      PropertyIndex index = index(props, direct);
      assertThat(index.get("名前")).isEqualTo("値");
      assertThat(index.get("k")).isEqualTo("é");
    }
  }

  /** Against {@link MessageProperties#find}, the one-name scan it replaces, on random strings. */
  @Test
  void agreesWithTheSingleNameScanOnRandomStrings() {
    Random random = new Random(20261121);
    String[] names = {"a", "b", "TAGS", "KEYS", "ab", "é"};
    char[] alphabet = {'a', 'b', 'T', 'A', 'G', 'S', 'é', NV, PS, 'x'};
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(48);
      for (int i = 0; i < len; i++) {
        sb.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String props = sb.toString();
      byte[] bytes = props.getBytes(StandardCharsets.UTF_8);
      // Padding around the string: positions must be absolute in the buffer, not relative.
      ByteBuffer heap = ByteBuffer.allocate(bytes.length + 6);
      heap.put(3, bytes);
      ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 6);
      direct.put(3, bytes);
      PropertyIndex heapIndex = PropertyIndex.of(heap.slice(1, bytes.length + 4), 2, bytes.length);
      PropertyIndex directIndex = PropertyIndex.of(direct, 3, bytes.length);
      for (String name : names) {
        long expected =
            MessageProperties.find(heap.slice(1, bytes.length + 4), 2, bytes.length, name);
        assertThat(heapIndex.find(name)).as("%s in %s", name, props).isEqualTo(expected);
        assertThat(directIndex.find(name))
            .as("%s in %s (direct)", name, props)
            .isEqualTo(MessageProperties.find(direct, 3, bytes.length, name));
      }
    }
  }

  private static PropertyIndex index(String props, boolean direct) {
    byte[] bytes = props.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf =
        direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
    buf.put(0, bytes);
    return PropertyIndex.of(buf, 0, bytes.length);
  }
}
