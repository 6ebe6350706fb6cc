package io.actormq.persistence.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-queue on-disk hash index from message keys (a KEYS entry or the UNIQ_KEY) to the logical
 * offsets of the messages that carry them, for query-by-key and query-by-id over a store-time
 * range.
 *
 * <h2>Hashes, not keys</h2>
 *
 * Only a 32-bit hash of each key is stored ({@link #hash}: MurmurHash3 x86_32 of the UTF-8 bytes,
 * seed 0). Different keys can share a hash, so {@link #lookup} may return offsets of messages that
 * do not carry the key: the caller must read each record and check its keys. A record that carries
 * the same key twice (or KEYS and UNIQ_KEY alike) is reported once.
 *
 * <h2>Files</h2>
 *
 * The directory holds a sequence of fixed-size memory-mapped files. Each is named by the logical
 * offset of its first entry, zero-padded to 20 digits ({@code 00000000000000001234.idx}); in the
 * rare case that one record's keys fill a whole file, the next file takes the same offset and a
 * suffix ({@code 00000000000000001234-1.idx}). A new file is started when the current one is full,
 * or when a store timestamp lies more than {@link Integer#MAX_VALUE} ms from the file's base
 * timestamp. All integers are big-endian.
 *
 * <pre>
 * header (128 bytes)
 *   0  int   magic 0x414d514b ("AMQK")     4  int  version (1)
 *   8  int   slots                        12  int  entries (capacity)
 *  16  long  first logical offset         24  long base timestamp (store time of entry 1, ms)
 *  32  int   CRC32C of bytes [0, 32)      -- the static part, written and forced once
 *  36  int   state: 0 dirty, 1 clean      40  int  entry count
 *  48  long  last logical offset          56  long min store timestamp    64  long max store timestamp
 *  72  int   CRC32C of bytes [36, 72)     -- the dynamic part, rewritten on flush and close
 * slot table: slots x int, the number of the newest entry whose hash maps to the slot
 *   (floorMod(hash, slots)); 0 = empty
 * entries (24 bytes each, numbered from 1)
 *   0 int key hash   4 int previous entry in the same slot (0 = none)   8 long logical offset
 *  16 int store timestamp - base timestamp (ms)   20 int CRC32C of the entry's bytes [0, 20)
 * </pre>
 *
 * <h2>Threads</h2>
 *
 * One writer thread calls {@link #add}, {@link #truncateAfter}, {@link #deleteFilesBefore} and
 * {@link #close}; they are not thread-safe among themselves. Any thread may call {@link #flush},
 * {@link #lookup} and {@link #lastIndexedOffset} at any time, concurrently with the writer: a new
 * entry is published to readers by a release-store of its slot, so a reader sees either the
 * previous chain or the complete new entry. A lookup that races with {@link #truncateAfter} may
 * miss entries that survive it (truncation is a recovery step, before reads are served). Files are
 * never unmapped explicitly, so a reader holding a file that retention deletes keeps a valid
 * mapping; the memory is released when the mapping is garbage-collected.
 *
 * <h2>Durability and recovery</h2>
 *
 * Entries reach the page cache at once and the disk on {@link #flush}, when a file is rolled, and
 * on {@link #close}. {@link #close} marks the tail file clean; the next {@link #open} trusts a
 * clean header. After a crash the tail file is dirty: its slot table is rebuilt from the entries
 * that pass their CRC and chain checks, the rest is zeroed, and, because one record's keys are
 * added one by one, the entries of the highest offset are dropped too so the record can be re-added
 * whole. A file whose static header, size or ordering is wrong is deleted with all files after it.
 * Every such repair is logged as a warning; the owner then re-adds records from {@link
 * #lastIndexedOffset()} + 1.
 */
public final class KeyIndex implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KeyIndex.class);
  private static final Pattern FILE_NAME = Pattern.compile("(\\d{20})(?:-(\\d+))?\\.idx");
  private static final long[] NONE = new long[0];

  private final Path dir;
  private final int slotsPerFile;
  private final int entriesPerFile;

  /** Ascending by first offset; replaced, never mutated, so readers iterate a stable snapshot. */
  private volatile List<KeyIndexFile> files;

  private volatile long lastIndexed;
  private volatile boolean closed;

  private KeyIndex(Path dir, int slots, int entries, List<KeyIndexFile> files) {
    this.dir = dir;
    this.slotsPerFile = slots;
    this.entriesPerFile = entries;
    this.files = List.copyOf(files);
    this.lastIndexed = lastOffsetOf(this.files);
  }

  /**
   * Opens (creating if needed) the index in {@code dir}. New files get the given geometry; existing
   * files keep the geometry recorded in their headers.
   */
  public static KeyIndex open(Path dir, int slotsPerFile, int entriesPerFile) throws IOException {
    if (slotsPerFile <= 0 || entriesPerFile <= 0) {
      throw new IllegalArgumentException("slots and entries per file must be positive");
    }
    if (KeyIndexFile.fileSize(slotsPerFile, entriesPerFile) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("an index file must stay below 2 GiB");
    }
    Files.createDirectories(dir);
    List<KeyIndexFile> loaded = new ArrayList<>();
    boolean repaired = false;
    List<Path> paths = listFiles(dir);
    for (int i = 0; i < paths.size(); i++) {
      Path path = paths.get(i);
      StringBuilder problem = new StringBuilder();
      KeyIndexFile file = KeyIndexFile.openExisting(path, firstOffsetOf(path), problem);
      long previousLast =
          loaded.isEmpty() ? -1 : loaded.get(loaded.size() - 1).summary().lastOffset();
      if (file != null && file.firstOffset < previousLast) {
        problem.append("starts before the previous file ends");
        file = null;
      }
      boolean tail = i == paths.size() - 1;
      if (file != null && !file.loadSummary()) {
        repaired = true;
        if (!tail) {
          problem.append("was not closed cleanly but is not the last file");
          file = null;
        } else {
          log.warn("Key index {} was not closed cleanly; rebuilt from its valid entries", path);
        }
      }
      if (file == null) {
        log.warn(
            "Key index file {} is unusable ({}); deleting it and the {} file(s) after it",
            path,
            problem,
            paths.size() - i - 1);
        for (Path p : paths.subList(i, paths.size())) {
          Files.deleteIfExists(p);
        }
        repaired = true;
        break;
      }
      if (file.summary().count() == 0) {
        Files.deleteIfExists(path);
        continue;
      }
      loaded.add(file);
    }
    KeyIndex index = new KeyIndex(dir, slotsPerFile, entriesPerFile, loaded);
    if (repaired && index.lastIndexed >= 0) {
      long keep = index.lastIndexed - 1;
      log.warn(
          "Key index {}: dropping entries of offset {} so it is re-added whole", dir, keep + 1);
      index.truncateAfter(keep);
    }
    return index;
  }

  /**
   * Indexes {@code key} for the record at {@code logicalOffset}. Writer thread only; offsets must
   * not decrease (several keys of one record share its offset).
   */
  public void add(String key, long logicalOffset, long storeTimestamp) {
    addHash(hash(key), logicalOffset, storeTimestamp);
  }

  /**
   * Indexes a key by its {@link #hash}, for callers that hash the key's bytes where they lie
   * instead of decoding them into a String first. Same rules as {@link #add}.
   */
  public void addHash(int keyHash, long logicalOffset, long storeTimestamp) {
    ensureOpen();
    if (logicalOffset < lastIndexed) {
      throw new IllegalArgumentException(
          "offset " + logicalOffset + " is below the last indexed offset " + lastIndexed);
    }
    List<KeyIndexFile> current = files;
    KeyIndexFile tail = current.isEmpty() ? null : current.get(current.size() - 1);
    if (tail == null || tail.isFull() || !tail.fitsTimestamp(storeTimestamp)) {
      tail = roll(tail, logicalOffset, storeTimestamp);
    }
    tail.append(keyHash, logicalOffset, storeTimestamp);
    lastIndexed = logicalOffset;
  }

  private KeyIndexFile roll(KeyIndexFile tail, long firstOffset, long baseTimestamp) {
    try {
      if (tail != null) {
        // A full file never changes again: make it durable and trusted before starting the next.
        tail.seal();
      }
      Path path = dir.resolve(fileName(firstOffset, 0));
      for (int suffix = 1; Files.exists(path); suffix++) {
        path = dir.resolve(fileName(firstOffset, suffix));
      }
      KeyIndexFile next =
          KeyIndexFile.create(path, slotsPerFile, entriesPerFile, firstOffset, baseTimestamp);
      List<KeyIndexFile> grown = new ArrayList<>(files);
      grown.add(next);
      files = List.copyOf(grown);
      return next;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot roll key index in " + dir, e);
    }
  }

  /** The highest indexed logical offset, -1 when the index is empty. */
  public long lastIndexedOffset() {
    return lastIndexed;
  }

  /**
   * Logical offsets of records whose key hashes like {@code key} and whose store timestamp lies in
   * [{@code beginTimestamp}, {@code endTimestamp}], newest first, at most {@code maxResults}. May
   * include hash collisions (see the class comment). Any thread.
   */
  public long[] lookup(String key, long beginTimestamp, long endTimestamp, int maxResults) {
    ensureOpen();
    if (maxResults <= 0 || beginTimestamp > endTimestamp) {
      return NONE;
    }
    int hash = hash(key);
    List<KeyIndexFile> snapshot = files;
    KeyIndexFile.Results results = new KeyIndexFile.Results(maxResults);
    for (int i = snapshot.size() - 1; i >= 0 && !results.full(); i--) {
      KeyIndexFile file = snapshot.get(i);
      KeyIndexFile.Summary s = file.summary();
      if (s.count() > 0 && s.maxTimestamp() >= beginTimestamp && s.minTimestamp() <= endTimestamp) {
        file.collect(hash, beginTimestamp, endTimestamp, results);
      }
    }
    return results.toArray();
  }

  /** Forgets every entry whose offset is greater than {@code logicalOffset}. Writer thread only. */
  public void truncateAfter(long logicalOffset) {
    ensureOpen();
    List<KeyIndexFile> kept = new ArrayList<>(files);
    while (!kept.isEmpty()) {
      KeyIndexFile last = kept.get(kept.size() - 1);
      if (last.firstOffset <= logicalOffset && last.truncateAfter(logicalOffset) > 0) {
        break;
      }
      kept.remove(kept.size() - 1);
      files = List.copyOf(kept);
      delete(last);
    }
    files = List.copyOf(kept);
    lastIndexed = lastOffsetOf(files);
  }

  /**
   * Deletes the files whose entries all have offsets below {@code minLogicalOffset}. The newest
   * file is kept so that {@link #lastIndexedOffset()} survives. Writer thread only.
   */
  public void deleteFilesBefore(long minLogicalOffset) {
    ensureOpen();
    List<KeyIndexFile> current = files;
    List<KeyIndexFile> kept = new ArrayList<>();
    List<KeyIndexFile> dropped = new ArrayList<>();
    for (int i = 0; i < current.size(); i++) {
      KeyIndexFile f = current.get(i);
      boolean old = i < current.size() - 1 && f.summary().lastOffset() < minLogicalOffset;
      (old ? dropped : kept).add(f);
    }
    files = List.copyOf(kept);
    dropped.forEach(this::delete);
  }

  /**
   * Forces the newest file to disk (older files were forced when they were rolled). Unlike the
   * other mutators, any thread may call it concurrently with the writer (a flusher thread does);
   * after {@link #close} it does nothing.
   */
  public void flush() {
    if (closed) {
      return;
    }
    List<KeyIndexFile> current = files;
    if (!current.isEmpty()) {
      current.get(current.size() - 1).flush();
    }
  }

  /** Flushes and marks the index cleanly closed. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    List<KeyIndexFile> current = files;
    if (!current.isEmpty()) {
      current.get(current.size() - 1).seal();
    }
    closed = true;
  }

  /** The stored hash of a key: MurmurHash3 x86_32 of its UTF-8 bytes with seed 0. */
  public static int hash(String key) {
    byte[] data = key.getBytes(StandardCharsets.UTF_8);
    return hash(ByteBuffer.wrap(data), 0, data.length);
  }

  /** {@link #hash(String)} of the key whose UTF-8 bytes are {@code [pos, pos + length)}. */
  public static int hash(ByteBuffer data, int pos, int length) {
    int h = 0;
    int blocks = length / 4;
    for (int i = 0; i < blocks; i++) {
      // MurmurHash3 reads its blocks little-endian, whatever the buffer's byte order.
      int k = data.getInt(pos + i * 4);
      if (data.order() == ByteOrder.BIG_ENDIAN) {
        k = Integer.reverseBytes(k);
      }
      h ^= mixK(k);
      h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
    }
    int tail = pos + blocks * 4;
    int remaining = length - blocks * 4;
    if (remaining > 0) {
      int k = 0;
      for (int i = remaining - 1; i >= 0; i--) {
        k = k << 8 | (data.get(tail + i) & 0xff);
      }
      h ^= mixK(k);
    }
    h ^= length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static int mixK(int k) {
    k *= 0xcc9e2d51;
    k = Integer.rotateLeft(k, 15);
    return k * 0x1b873593;
  }

  private void delete(KeyIndexFile file) {
    try {
      Files.deleteIfExists(file.path);
    } catch (IOException e) {
      // Only disk space is at stake: the file is already out of the index.
      log.warn("Cannot delete key index file {}", file.path, e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("key index " + dir + " is closed");
    }
  }

  private static long lastOffsetOf(List<KeyIndexFile> files) {
    return files.isEmpty() ? -1 : files.get(files.size() - 1).summary().lastOffset();
  }

  static String fileName(long firstOffset, int suffix) {
    String base = String.format("%020d", firstOffset);
    return (suffix == 0 ? base : base + "-" + suffix) + ".idx";
  }

  private static long firstOffsetOf(Path path) {
    Matcher m = FILE_NAME.matcher(path.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalStateException("not an index file name: " + path);
    }
    return Long.parseLong(m.group(1));
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    List<Path> paths = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        if (FILE_NAME.matcher(p.getFileName().toString()).matches()) {
          paths.add(p);
        }
      }
    }
    paths.sort(Comparator.comparingLong(KeyIndex::firstOffsetOf).thenComparing(KeyIndex::suffixOf));
    return paths;
  }

  private static int suffixOf(Path path) {
    Matcher m = FILE_NAME.matcher(path.getFileName().toString());
    return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 0;
  }
}
