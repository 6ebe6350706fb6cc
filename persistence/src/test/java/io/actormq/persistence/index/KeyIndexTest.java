package io.actormq.persistence.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyIndexTest {

  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  /** What was added: key → (offset, timestamp) pairs in insertion order. */
  private final Map<String, List<long[]>> model = new HashMap<>();

  private void add(KeyIndex index, String key, long offset, long ts) {
    index.add(key, offset, ts);
    model.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {offset, ts});
  }

  /** Offsets the index must answer: every key with the same hash counts (collisions). */
  private long[] expected(String key, long begin, long end, int max) {
    int hash = KeyIndex.hash(key);
    TreeSet<Long> offsets = new TreeSet<>();
    model.forEach(
        (k, entries) -> {
          if (KeyIndex.hash(k) == hash) {
            for (long[] e : entries) {
              if (e[1] >= begin && e[1] <= end) {
                offsets.add(e[0]);
              }
            }
          }
        });
    return offsets.descendingSet().stream().limit(max).mapToLong(Long::longValue).toArray();
  }

  private void forgetAfter(long offset) {
    model.values().forEach(list -> list.removeIf(e -> e[0] > offset));
  }

  private List<Path> indexFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".idx")).sorted().toList();
    }
  }

  /** Adds records 0..count-1 with 1 to 3 keys each and jittered, mostly rising timestamps. */
  private void fill(KeyIndex index, Random rnd, long from, int count, int keySpace) {
    for (long off = from; off < from + count; off++) {
      long ts = T0 + off * 10 + rnd.nextInt(25);
      int keys = 1 + rnd.nextInt(3);
      for (int k = 0; k < keys; k++) {
        add(index, "key-" + rnd.nextInt(keySpace), off, ts);
      }
    }
  }

  private void assertMatchesModel(KeyIndex index, Random rnd, int keySpace, int queries) {
    for (int q = 0; q < queries; q++) {
      String key = "key-" + rnd.nextInt(keySpace + 5);
      long begin = T0 + rnd.nextInt(20_000) - 1_000;
      long end = begin + rnd.nextInt(30_000);
      int max = 1 + rnd.nextInt(64);
      assertThat(index.lookup(key, begin, end, max))
          .as("%s in [%d, %d] max %d", key, begin, end, max)
          .containsExactly(expected(key, begin, end, max));
      assertThat(index.lookup(key, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE / 8))
          .containsExactly(expected(key, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE));
    }
  }

  @Test
  void hashIsMurmur3OfTheUtf8BytesWhereverTheyLie() {
    // Reference values of MurmurHash3 x86_32, seed 0: stored hashes must never change.
    assertThat(KeyIndex.hash("")).isZero();
    assertThat(KeyIndex.hash("hello")).isEqualTo(0x248bfa47);
    assertThat(KeyIndex.hash("Hello, world!")).isEqualTo(0xc0363e43);
    assertThat(KeyIndex.hash("The quick brown fox jumps over the lazy dog")).isEqualTo(0x2e4ff723);
    for (String key : List.of("", "a", "hello", "Hello, world!", "ключ-日本", "7F0000010000")) {
      byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
      for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
        ByteBuffer direct = ByteBuffer.allocateDirect(utf8.length + 7).order(order);
        direct.put(3, utf8);
        assertThat(KeyIndex.hash(direct, 3, utf8.length)).as(key).isEqualTo(KeyIndex.hash(key));
      }
    }
  }

  @Test
  void answersLikeTheModelAcrossManyFiles() throws IOException {
    Random rnd = new Random(42);
    try (KeyIndex index = KeyIndex.open(dir, 17, 64)) {
      assertThat(index.lastIndexedOffset()).isEqualTo(-1);
      assertThat(index.lookup("key-1", 0, Long.MAX_VALUE, 10)).isEmpty();
      fill(index, rnd, 0, 1_500, 120);
      assertThat(index.lastIndexedOffset()).isEqualTo(1_499);
      assertThat(indexFiles()).hasSizeGreaterThan(40);
      assertMatchesModel(index, rnd, 120, 300);
    }
  }

  @Test
  void filtersByTimeRangeAndLimitsResults() throws IOException {
    try (KeyIndex index = KeyIndex.open(dir, 8, 1000)) {
      for (int i = 0; i < 10; i++) {
        add(index, "order-1", i, T0 + i * 1000L);
        add(index, "order-2", i, T0 + i * 1000L);
      }
      assertThat(index.lookup("order-1", T0 + 2000, T0 + 5000, 10)).containsExactly(5, 4, 3, 2);
      assertThat(index.lookup("order-1", T0 + 2000, T0 + 5000, 2)).containsExactly(5, 4);
      assertThat(index.lookup("order-1", T0 + 2001, T0 + 2999, 10)).isEmpty();
      assertThat(index.lookup("order-1", T0, T0 + 9000, 0)).isEmpty();
      assertThat(index.lookup("order-3", T0, T0 + 9000, 10)).isEmpty();
    }
  }

  @Test
  void reportsHashCollisionsAndSlotSharingCorrectly() throws IOException {
    String[] pair = collidingKeys();
    assertThat(KeyIndex.hash(pair[0])).isEqualTo(KeyIndex.hash(pair[1]));
    // Two slots force unrelated keys into shared chains as well.
    try (KeyIndex index = KeyIndex.open(dir, 2, 50)) {
      add(index, pair[0], 1, T0);
      add(index, "other", 2, T0);
      add(index, pair[1], 3, T0);
      add(index, pair[0], 4, T0);
      add(index, pair[1], 4, T0);
      // Keys are stored as hashes: the caller filters the colliding record out by reading it.
      assertThat(index.lookup(pair[0], T0, T0, 10)).containsExactly(4, 3, 1);
      assertThat(index.lookup(pair[1], T0, T0, 10)).containsExactly(4, 3, 1);
      assertThat(index.lookup("other", T0, T0, 10)).containsExactly(2);
    }
  }

  /** A birthday search over a fixed sequence of names: deterministic, about 100 ms. */
  private static String[] collidingKeys() {
    Map<Integer, String> seen = new HashMap<>();
    for (int i = 0; ; i++) {
      String key = "uniq-" + i;
      String previous = seen.putIfAbsent(KeyIndex.hash(key), key);
      if (previous != null) {
        return new String[] {previous, key};
      }
    }
  }

  @Test
  void oneRecordWithMoreKeysThanAFileHolds() throws IOException {
    try (KeyIndex index = KeyIndex.open(dir, 3, 4)) {
      for (int k = 0; k < 10; k++) {
        add(index, "k" + k, 7, T0);
      }
      add(index, "k0", 8, T0 + 1);
      assertThat(indexFiles()).hasSize(3);
      assertThat(index.lookup("k0", T0, T0 + 1, 10)).containsExactly(8, 7);
      assertThat(index.lookup("k9", T0, T0 + 1, 10)).containsExactly(7);
    }
    try (KeyIndex index = KeyIndex.open(dir, 3, 4)) {
      assertThat(index.lookup("k5", T0, T0, 10)).containsExactly(7);
      assertThat(index.lastIndexedOffset()).isEqualTo(8);
    }
  }

  @Test
  void rollsWhenTimestampsDriftBeyondTheDeltaRange() throws IOException {
    try (KeyIndex index = KeyIndex.open(dir, 8, 100)) {
      add(index, "a", 0, T0);
      add(index, "a", 1, T0 + 30L * 24 * 3600 * 1000);
      add(index, "a", 2, T0 - 30L * 24 * 3600 * 1000);
      assertThat(indexFiles()).hasSize(3);
      assertThat(index.lookup("a", Long.MIN_VALUE, Long.MAX_VALUE, 10)).containsExactly(2, 1, 0);
      assertThat(index.lookup("a", T0 - 1, T0 + 1, 10)).containsExactly(0);
    }
  }

  @Test
  void rejectsDecreasingOffsetsAndUseAfterClose() throws IOException {
    KeyIndex index = KeyIndex.open(dir, 8, 100);
    index.add("a", 5, T0);
    index.add("b", 5, T0);
    assertThatThrownBy(() -> index.add("a", 4, T0)).isInstanceOf(IllegalArgumentException.class);
    index.close();
    index.close();
    assertThatThrownBy(() -> index.lookup("a", 0, T0, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void truncateAfterForgetsLaterEntriesAcrossFiles() throws IOException {
    Random rnd = new Random(7);
    try (KeyIndex index = KeyIndex.open(dir, 11, 40)) {
      fill(index, rnd, 0, 600, 40);
      int filesBefore = indexFiles().size();
      index.truncateAfter(333);
      forgetAfter(333);
      assertThat(index.lastIndexedOffset()).isEqualTo(333);
      assertThat(indexFiles().size()).isLessThan(filesBefore);
      assertMatchesModel(index, rnd, 40, 100);
      // The index keeps accepting offsets after the cut, and answers for both parts.
      fill(index, rnd, 334, 200, 40);
      assertMatchesModel(index, rnd, 40, 100);
      index.truncateAfter(-1);
      forgetAfter(-1);
      assertThat(index.lastIndexedOffset()).isEqualTo(-1);
      assertThat(indexFiles()).isEmpty();
      fill(index, rnd, 0, 50, 40);
      assertMatchesModel(index, rnd, 40, 50);
    }
  }

  @Test
  void deleteFilesBeforeKeepsFilesWithLiveEntriesAndTheNewest() throws IOException {
    Random rnd = new Random(3);
    try (KeyIndex index = KeyIndex.open(dir, 11, 40)) {
      fill(index, rnd, 0, 400, 30);
      index.deleteFilesBefore(200);
      List<Path> left = indexFiles();
      long firstKept = Long.parseLong(left.get(0).getFileName().toString().substring(0, 20));
      assertThat(firstKept).isLessThanOrEqualTo(200);
      assertThat(firstKept).isGreaterThan(0);
      // Every answer is still right for the offsets the remaining files cover.
      for (int k = 0; k < 30; k++) {
        String key = "key-" + k;
        long[] got = index.lookup(key, Long.MIN_VALUE, Long.MAX_VALUE, 1000);
        assertThat(java.util.Arrays.stream(got).allMatch(o -> o >= firstKept)).isTrue();
        long[] want = expected(key, Long.MIN_VALUE, Long.MAX_VALUE, 1000);
        assertThat(java.util.Arrays.stream(got).filter(o -> o > firstKept).toArray())
            .containsExactly(java.util.Arrays.stream(want).filter(o -> o > firstKept).toArray());
      }
      index.deleteFilesBefore(Long.MAX_VALUE);
      assertThat(indexFiles()).hasSize(1);
      assertThat(index.lastIndexedOffset()).isEqualTo(399);
    }
  }

  @Test
  void reopensAfterCloseWithTheSameAnswers() throws IOException {
    Random rnd = new Random(11);
    try (KeyIndex index = KeyIndex.open(dir, 13, 50)) {
      fill(index, rnd, 0, 500, 60);
    }
    // A different geometry applies to new files only.
    try (KeyIndex index = KeyIndex.open(dir, 5, 20)) {
      assertThat(index.lastIndexedOffset()).isEqualTo(499);
      assertMatchesModel(index, rnd, 60, 100);
      fill(index, rnd, 500, 100, 60);
      assertMatchesModel(index, rnd, 60, 100);
    }
  }

  @Test
  void crashDropsTheLastRecordSoItCanBeReAddedWhole() throws IOException {
    KeyIndex crashed = KeyIndex.open(dir, 13, 1000);
    for (int off = 0; off < 20; off++) {
      add(crashed, "a", off, T0 + off);
      add(crashed, "b", off, T0 + off);
    }
    crashed.flush(); // no close: the tail stays dirty, as after kill -9
    try (KeyIndex index = KeyIndex.open(dir, 13, 1000)) {
      assertThat(index.lastIndexedOffset()).isEqualTo(18);
      forgetAfter(18);
      assertThat(index.lookup("b", 0, Long.MAX_VALUE, 100))
          .containsExactly(expected("b", 0, Long.MAX_VALUE, 100));
      add(index, "a", 19, T0 + 19);
      add(index, "b", 19, T0 + 19);
      assertThat(index.lookup("b", 0, Long.MAX_VALUE, 1)).containsExactly(19);
    }
  }

  @Test
  void corruptEntryInTheTailTruncatesFromThere() throws IOException {
    KeyIndex crashed = KeyIndex.open(dir, 13, 1000);
    for (int off = 0; off < 100; off++) {
      add(crashed, "k" + (off % 7), off, T0 + off);
    }
    crashed.flush();
    Path file = indexFiles().get(0);
    long entry41 = KeyIndexFile.HEADER_SIZE + 13 * 4 + 40L * KeyIndexFile.ENTRY_SIZE;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xEE}), entry41 + 10);
    }
    try (KeyIndex index = KeyIndex.open(dir, 13, 1000)) {
      // Entries 1..40 (offsets 0..39) survive; the last of them is dropped as possibly partial.
      assertThat(index.lastIndexedOffset()).isEqualTo(38);
      forgetAfter(38);
      for (int k = 0; k < 7; k++) {
        assertThat(index.lookup("k" + k, 0, Long.MAX_VALUE, 100))
            .containsExactly(expected("k" + k, 0, Long.MAX_VALUE, 100));
      }
    }
  }

  @Test
  void truncatedOrGarbageFilesAreDroppedWithTheirSuccessors() throws IOException {
    Random rnd = new Random(5);
    try (KeyIndex index = KeyIndex.open(dir, 11, 40)) {
      fill(index, rnd, 0, 300, 20);
    }
    List<Path> files = indexFiles();
    Path victim = files.get(files.size() - 3);
    long victimFirst = Long.parseLong(victim.getFileName().toString().substring(0, 20));
    try (FileChannel ch = FileChannel.open(victim, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
    }
    Files.write(dir.resolve(KeyIndex.fileName(999_999, 0)), new byte[10]);
    try (KeyIndex index = KeyIndex.open(dir, 11, 40)) {
      assertThat(indexFiles()).hasSize(files.size() - 3);
      assertThat(index.lastIndexedOffset()).isLessThan(victimFirst);
      long last = index.lastIndexedOffset();
      forgetAfter(last);
      assertMatchesModel(index, rnd, 20, 100);
      fill(index, rnd, last + 1, 300 - (int) (last + 1), 20);
      assertMatchesModel(index, rnd, 20, 100);
    }
  }

  @Test
  void readersSeeEveryPublishedEntryWhileTheWriterRuns() throws Exception {
    int keys = 13;
    int records = 30_000;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (KeyIndex index = KeyIndex.open(dir, 31, 997)) {
      AtomicBoolean done = new AtomicBoolean();
      List<CompletableFuture<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        int seed = r;
        readers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  Random rnd = new Random(seed);
                  int rounds = 0;
                  while (!done.get() || rounds == 0) {
                    int k = rnd.nextInt(keys);
                    long before = index.lastIndexedOffset();
                    long[] got = index.lookup("key-" + k, Long.MIN_VALUE, Long.MAX_VALUE, 1 << 20);
                    long after = index.lastIndexedOffset();
                    // Record o carries key o % keys; everything published before the lookup shows.
                    long expectedMin = before < k ? 0 : (before - k) / keys + 1;
                    assertThat(got.length).isBetween((int) expectedMin, (int) (after / keys + 1));
                    for (int i = 0; i < got.length; i++) {
                      assertThat(got[i] % keys).isEqualTo(k);
                      assertThat(i == 0 || got[i] < got[i - 1]).isTrue();
                    }
                    rounds++;
                  }
                  return rounds;
                },
                pool));
      }
      // The engine's flusher thread forces the index while the writer adds and rolls files.
      CompletableFuture<Integer> flusher =
          CompletableFuture.supplyAsync(
              () -> {
                int flushes = 0;
                while (!done.get() || flushes == 0) {
                  index.flush();
                  flushes++;
                }
                return flushes;
              },
              pool);
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                for (int off = 0; off < records; off++) {
                  index.add("key-" + (off % keys), off, T0 + off);
                }
                done.set(true);
              },
              pool);
      writer.get(60, TimeUnit.SECONDS);
      for (CompletableFuture<Integer> reader : readers) {
        assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
      }
      assertThat(flusher.get(60, TimeUnit.SECONDS)).isPositive();
      for (int k = 0; k < keys; k++) {
        assertThat(index.lookup("key-" + k, Long.MIN_VALUE, Long.MAX_VALUE, 1 << 20))
            .hasSize((records - k + keys - 1) / keys);
      }
    } finally {
      pool.shutdownNow();
    }
    // Concurrent flushes never left a sealed file looking clean with a stale count.
    try (KeyIndex index = KeyIndex.open(dir, 31, 997)) {
      assertThat(index.lastIndexedOffset()).isEqualTo(records - 1);
      for (int k = 0; k < keys; k++) {
        assertThat(index.lookup("key-" + k, Long.MIN_VALUE, Long.MAX_VALUE, 1 << 20))
            .hasSize((records - k + keys - 1) / keys);
      }
      index.close();
      index.flush(); // a late flusher after close does nothing
    }
  }
}
