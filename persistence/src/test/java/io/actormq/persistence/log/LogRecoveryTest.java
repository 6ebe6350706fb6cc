package io.actormq.persistence.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery after a crash. A crash is simulated by copying the files of a log that is still open
 * (the page cache makes the copy see every write) while its flusher has never checkpointed it; the
 * copy is then damaged the way a crash or a disk can damage it, and opened.
 */
class LogRecoveryTest {

  static final LogConfig CONFIG = QueueLogTest.SMALL;

  /** Never checkpoints during a test: everything written counts as unverified. */
  static FlushService idle;

  static FlushService flusher;

  @TempDir Path live;
  @TempDir Path image;

  @BeforeAll
  static void start() {
    idle = FlushService.start("idle", Duration.ofDays(1));
    flusher = FlushService.start("flusher", Duration.ofMillis(50));
  }

  @AfterAll
  static void stop() {
    idle.close();
    flusher.close();
  }

  TreeMap<Long, QueueLogTest.Expected> crashImage(int batches) throws IOException {
    QueueLog log = QueueLog.open(live, CONFIG, TestRecords.FORMAT, idle);
    TreeMap<Long, QueueLogTest.Expected> model = QueueLogTest.fill(log, new Random(7), batches, 0);
    copy(live, image);
    return model;
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static QueueLog reopen(Path dir) throws IOException {
    return QueueLog.open(dir, CONFIG, TestRecords.FORMAT, flusher);
  }

  @Test
  void aCrashWithoutDamageLosesNothing() throws IOException {
    TreeMap<Long, QueueLogTest.Expected> model = crashImage(100);
    try (QueueLog log = reopen(image)) {
      assertThat(log.recoveryReport().truncated()).isFalse();
      QueueLogTest.assertMatches(log, model);
    }
  }

  @Test
  void aTornLastRecordIsCutAndEverythingBeforeItSurvives() throws IOException {
    TreeMap<Long, QueueLogTest.Expected> model = crashImage(100);
    long last = model.lastKey();
    IndexEntry torn;
    try (QueueLog probe = QueueLog.open(live, CONFIG, TestRecords.FORMAT, idle)) {
      torn = probe.entry(last);
    }
    Path segment = files(image.resolve("log")).get(files(image.resolve("log")).size() - 1);
    long inSegment =
        torn.position() - Long.parseLong(segment.getFileName().toString().substring(0, 20));
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(inSegment + torn.size() / 2);
    }
    try (QueueLog log = reopen(image)) {
      assertThat(log.recoveryReport().truncated()).isTrue();
      assertThat(log.nextOffset()).isEqualTo(last);
      model.remove(last);
      QueueLogTest.assertMatches(log, model);
      assertThat(log.append(TestRecords.record(1, 0, new byte[8])).firstOffset()).isEqualTo(last);
    }
  }

  @Test
  void aCorruptRecordCutsTheLogThereAndNewAppendsDoNotResurrectTheOldTail() throws IOException {
    TreeMap<Long, QueueLogTest.Expected> model = crashImage(100);
    long victim = model.lastKey() - 5;
    IndexEntry entry;
    try (QueueLog probe = QueueLog.open(live, CONFIG, TestRecords.FORMAT, idle)) {
      entry = probe.entry(victim);
    }
    flipByteAt(image.resolve("log"), entry.position() + entry.size() - 1);
    try (QueueLog log = reopen(image)) {
      assertThat(log.recoveryReport().truncatedAtPosition()).isEqualTo(entry.position());
      assertThat(log.nextOffset()).isEqualTo(victim);
      model.tailMap(victim).clear();
      QueueLogTest.assertMatches(log, model);
      model.putAll(QueueLogTest.fill(log, new Random(8), 3, 50_000));
    }
    try (QueueLog log = reopen(image)) {
      assertThat(log.recoveryReport().truncated()).isFalse();
      QueueLogTest.assertMatches(log, model);
    }
  }

  @Test
  void aDeletedIndexIsRebuiltFromTheLog() throws IOException {
    TreeMap<Long, QueueLogTest.Expected> model = crashImage(60);
    for (Path p : files(image.resolve("index"))) {
      Files.delete(p);
    }
    try (QueueLog log = reopen(image)) {
      assertThat(log.recoveryReport().rebuiltEntries()).isEqualTo(model.size());
      QueueLogTest.assertMatches(log, model);
      assertThat(log.firstOffsetStoredAtOrAfter(model.get(40L).timestamp()))
          .isLessThanOrEqualTo(40);
    }
  }

  @Test
  void aCorruptIndexIsRebuiltFromTheDamagedEntryOn() throws IOException {
    TreeMap<Long, QueueLogTest.Expected> model = crashImage(60);
    Path indexFile = files(image.resolve("index")).get(1);
    try (FileChannel ch = FileChannel.open(indexFile, StandardOpenOption.WRITE)) {
      ch.write(
          ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7}), 10L * OffsetIndex.ENTRY_BYTES + 3);
    }
    try (QueueLog log = reopen(image)) {
      assertThat(log.recoveryReport().rebuiltEntries()).isEqualTo(model.size() - 64 - 10);
      QueueLogTest.assertMatches(log, model);
    }
  }

  @Test
  void aLostKeyIndexIsRebuiltFromTheLog() throws IOException {
    QueueLog log = QueueLog.open(live, CONFIG, TestRecords.FORMAT, idle);
    for (int i = 0; i < 30; i++) {
      log.append(TestRecords.record(i, 0, "key-" + (i % 3), new byte[100]));
    }
    copy(live, image);
    for (Path p : files(image.resolve("keys"))) {
      Files.delete(p);
    }
    try (QueueLog recovered = reopen(image)) {
      assertThat(recovered.offsetsForKey("key-1", 0, Long.MAX_VALUE, 100))
          .containsExactly(28, 25, 22, 19, 16, 13, 10, 7, 4, 1);
    }
  }

  @Test
  void anIndexFileCutShortIsRebuilt() throws IOException {
    TreeMap<Long, QueueLogTest.Expected> model = crashImage(60);
    Path last = files(image.resolve("index")).get(files(image.resolve("index")).size() - 1);
    try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
      ch.truncate(5L * OffsetIndex.ENTRY_BYTES + 7);
    }
    try (QueueLog log = reopen(image)) {
      assertThat(log.recoveryReport().rebuiltEntries()).isPositive();
      QueueLogTest.assertMatches(log, model);
    }
  }

  @Test
  void aCleanCheckpointStillCatchesAnIndexThatPointsPastTheLog() throws IOException {
    TreeMap<Long, QueueLogTest.Expected> model;
    try (QueueLog log = QueueLog.open(live, CONFIG, TestRecords.FORMAT, flusher)) {
      model = QueueLogTest.fill(log, new Random(9), 40, 0);
    }
    Path lastSegment = files(live.resolve("log")).get(files(live.resolve("log")).size() - 1);
    try (FileChannel ch = FileChannel.open(lastSegment, StandardOpenOption.WRITE)) {
      ch.truncate(10);
    }
    try (QueueLog log = reopen(live)) {
      assertThat(log.recoveryReport().truncated()).isTrue();
      long survivors = log.nextOffset();
      assertThat(survivors).isLessThan(model.size());
      model.tailMap(survivors).clear();
      QueueLogTest.assertMatches(log, model);
    }
  }

  static void flipByteAt(Path logDir, long position) throws IOException {
    for (Path segment : files(logDir)) {
      long base = Long.parseLong(segment.getFileName().toString().substring(0, 20));
      if (position >= base && position < base + Files.size(segment)) {
        try (FileChannel ch =
            FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
          ByteBuffer one = ByteBuffer.allocate(1);
          ch.read(one, position - base);
          one.put(0, (byte) ~one.get(0)).rewind();
          ch.write(one, position - base);
        }
        return;
      }
    }
    throw new IllegalArgumentException("no segment holds " + position);
  }
}
