package io.actormq.persistence.index;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One memory-mapped file of a {@link KeyIndex}; the layout is described there. Not thread-safe for
 * writers; readers may call {@link #collect} concurrently with the single writer.
 */
final class KeyIndexFile {

  static final int MAGIC = 0x414d514b; // "AMQK"
  static final int VERSION = 1;
  static final int HEADER_SIZE = 128;
  static final int SLOT_SIZE = 4;
  static final int ENTRY_SIZE = 24;
  static final int STATE_DIRTY = 0;
  static final int STATE_CLEAN = 1;

  // Header field positions.
  private static final int H_MAGIC = 0;
  private static final int H_VERSION = 4;
  private static final int H_SLOTS = 8;
  private static final int H_ENTRIES = 12;
  private static final int H_FIRST_OFFSET = 16;
  private static final int H_BASE_TS = 24;
  private static final int H_STATIC_CRC = 32;
  private static final int H_STATE = 36;
  private static final int H_COUNT = 40;
  private static final int H_LAST_OFFSET = 48;
  private static final int H_MIN_TS = 56;
  private static final int H_MAX_TS = 64;
  private static final int H_DYNAMIC_CRC = 72;

  // Entry field positions (relative to the entry).
  private static final int E_HASH = 0;
  private static final int E_PREV = 4;
  private static final int E_OFFSET = 8;
  private static final int E_TS_DELTA = 16;
  private static final int E_CRC = 20;

  /**
   * Slots are published with release semantics and read with acquire semantics, so a reader that
   * sees a slot value also sees the entry bytes written before it (plain mapped-buffer writes have
   * no such guarantee under the JMM).
   */
  private static final VarHandle INT_VIEW =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  /** What readers may rely on; replaced as a whole after each change. */
  record Summary(int count, long lastOffset, long minTimestamp, long maxTimestamp) {
    static final Summary EMPTY = new Summary(0, -1, Long.MAX_VALUE, Long.MIN_VALUE);
  }

  final Path path;
  final int slots;
  final int capacity;
  final long firstOffset;
  final long baseTimestamp;
  private final MappedByteBuffer buf;
  private final int entriesStart;
  private volatile Summary summary = Summary.EMPTY;

  /**
   * Whether the header on disk may say "clean". Guarded by {@code this}, like every write of the
   * dynamic header: {@link #flush} may come from a flusher thread while the writer seals or
   * appends, and interleaved header writes could otherwise leave a "clean" header with a stale
   * count and a matching CRC.
   */
  private volatile boolean dirtyOnDisk;

  // Entries known durable, for flushes that force only what is new; guarded by this.
  private int flushedCount;

  // The writer's: keeps the pages ahead of the next entry cached (see ZeroAhead); made at the
  // first append of a reopened file, from its end of valid entries.
  private ZeroAhead zeroAhead;

  private KeyIndexFile(
      Path path, MappedByteBuffer buf, int slots, int capacity, long firstOffset, long baseTs) {
    this.path = path;
    this.buf = buf;
    this.slots = slots;
    this.capacity = capacity;
    this.firstOffset = firstOffset;
    this.baseTimestamp = baseTs;
    this.entriesStart = HEADER_SIZE + slots * SLOT_SIZE;
  }

  static long fileSize(int slots, int entries) {
    return HEADER_SIZE + (long) slots * SLOT_SIZE + (long) entries * ENTRY_SIZE;
  }

  static MappedByteBuffer map(Path path, long size) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
      if (raf.length() != size) {
        raf.setLength(size);
      }
      // The mapping outlives the channel; readers keep using it until it is garbage-collected.
      return raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, size);
    }
  }

  /** Creates a new file whose first entry has {@code firstOffset} and {@code baseTimestamp}. */
  static KeyIndexFile create(Path path, int slots, int entries, long firstOffset, long baseTs)
      throws IOException {
    long size = fileSize(slots, entries);
    MappedByteBuffer buf = map(path, size);
    ZeroAhead zeroAhead = new ZeroAhead(path, size, 0);
    // Header and slot table at once: slots are written at random, each a fault of its own.
    zeroAhead.ensure(HEADER_SIZE + (long) slots * SLOT_SIZE);
    buf.putInt(H_MAGIC, MAGIC);
    buf.putInt(H_VERSION, VERSION);
    buf.putInt(H_SLOTS, slots);
    buf.putInt(H_ENTRIES, entries);
    buf.putLong(H_FIRST_OFFSET, firstOffset);
    buf.putLong(H_BASE_TS, baseTs);
    buf.putInt(H_STATIC_CRC, crc(buf, 0, H_STATIC_CRC));
    KeyIndexFile file = new KeyIndexFile(path, buf, slots, entries, firstOffset, baseTs);
    file.zeroAhead = zeroAhead;
    file.writeDynamicHeader(STATE_DIRTY);
    // The static header must be durable before any entry relies on it.
    buf.force();
    file.dirtyOnDisk = true;
    return file;
  }

  /**
   * Maps an existing file and checks its static header; returns null (the caller reports why) when
   * the file is not a usable index file. The dynamic state is loaded by {@link #loadSummary}.
   */
  static KeyIndexFile openExisting(Path path, long expectedFirstOffset, StringBuilder problem)
      throws IOException {
    long size = Files.size(path);
    if (size < HEADER_SIZE) {
      problem.append("shorter than a header (").append(size).append(" bytes)");
      return null;
    }
    ByteBuffer head = ByteBuffer.allocate(HEADER_SIZE);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
        // a short read only happens near the end of the file
      }
    }
    int slots = head.getInt(H_SLOTS);
    int entries = head.getInt(H_ENTRIES);
    if (head.getInt(H_MAGIC) != MAGIC
        || head.getInt(H_VERSION) != VERSION
        || head.getInt(H_STATIC_CRC) != crc(head, 0, H_STATIC_CRC)
        || slots <= 0
        || entries <= 0
        || head.getLong(H_FIRST_OFFSET) != expectedFirstOffset) {
      problem.append("bad static header");
      return null;
    }
    if (size != fileSize(slots, entries) || size > Integer.MAX_VALUE) {
      problem.append("size ").append(size).append(" does not match its geometry");
      return null;
    }
    MappedByteBuffer buf = map(path, size);
    return new KeyIndexFile(
        path, buf, slots, entries, expectedFirstOffset, head.getLong(H_BASE_TS));
  }

  /**
   * Trusts the dynamic header when the file was closed cleanly; otherwise rebuilds the slot table
   * from the entries that still verify. Returns true when the clean header was trusted.
   */
  boolean loadSummary() {
    boolean dynamicOk = buf.getInt(H_DYNAMIC_CRC) == crc(buf, H_STATE, H_DYNAMIC_CRC);
    int count = buf.getInt(H_COUNT);
    if (dynamicOk && buf.getInt(H_STATE) == STATE_CLEAN && count >= 0 && count <= capacity) {
      summary =
          new Summary(
              count, buf.getLong(H_LAST_OFFSET), buf.getLong(H_MIN_TS), buf.getLong(H_MAX_TS));
      return true;
    }
    rebuild();
    return false;
  }

  /** Scans entries from the first, stopping at the first that fails its checks. */
  private void rebuild() {
    for (int s = 0; s < slots; s++) {
      buf.putInt(HEADER_SIZE + s * SLOT_SIZE, 0);
    }
    long last = firstOffset;
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;
    int n = 1;
    for (; n <= capacity; n++) {
      int pos = entryPos(n);
      if (buf.getInt(pos + E_CRC) != crc(buf, pos, pos + E_CRC)) {
        break;
      }
      int hash = buf.getInt(pos + E_HASH);
      long offset = buf.getLong(pos + E_OFFSET);
      int slotPos = slotPos(hash);
      if (offset < last
          || (n == 1 && offset != firstOffset)
          || buf.getInt(pos + E_PREV) != buf.getInt(slotPos)) {
        break;
      }
      buf.putInt(slotPos, n);
      last = offset;
      long ts = baseTimestamp + buf.getInt(pos + E_TS_DELTA);
      minTs = Math.min(minTs, ts);
      maxTs = Math.max(maxTs, ts);
    }
    int count = n - 1;
    zeroEntries(count + 1, capacity);
    summary = count == 0 ? Summary.EMPTY : new Summary(count, last, minTs, maxTs);
    writeDynamicHeader(STATE_DIRTY);
    dirtyOnDisk = true;
  }

  Summary summary() {
    return summary;
  }

  boolean isFull() {
    return summary.count >= capacity;
  }

  boolean fitsTimestamp(long ts) {
    long delta = ts - baseTimestamp;
    return delta >= Integer.MIN_VALUE && delta <= Integer.MAX_VALUE;
  }

  /** Appends one entry; the caller has checked {@link #isFull} and {@link #fitsTimestamp}. */
  void append(int hash, long offset, long ts) {
    // Checked before locking: the flusher holds the lock while it forces the file, and the writer
    // (a queue actor) must not wait for that on every append.
    if (!dirtyOnDisk) {
      markDirty();
    }
    Summary s = summary;
    int n = s.count + 1;
    int pos = entryPos(n);
    if (zeroAhead == null) {
      zeroAhead = new ZeroAhead(path, buf.capacity(), pos);
    }
    zeroAhead.ensure(pos + ENTRY_SIZE);
    int slotPos = slotPos(hash);
    buf.putInt(pos + E_HASH, hash);
    buf.putInt(pos + E_PREV, buf.getInt(slotPos));
    buf.putLong(pos + E_OFFSET, offset);
    buf.putInt(pos + E_TS_DELTA, (int) (ts - baseTimestamp));
    buf.putInt(pos + E_CRC, crc(buf, pos, pos + E_CRC));
    INT_VIEW.setRelease(buf, slotPos, n);
    summary = new Summary(n, offset, Math.min(s.minTimestamp, ts), Math.max(s.maxTimestamp, ts));
  }

  /**
   * Walks the chain of {@code hash}, newest first, adding matching offsets to {@code out}. Stops at
   * an entry that fails its CRC: its back pointer cannot be trusted.
   */
  void collect(int hash, long begin, long end, Results out) {
    int n = (int) INT_VIEW.getAcquire(buf, slotPos(hash));
    while (n > 0 && n <= capacity && !out.full()) {
      int pos = entryPos(n);
      if (buf.getInt(pos + E_CRC) != crc(buf, pos, pos + E_CRC)) {
        return;
      }
      int prev = buf.getInt(pos + E_PREV);
      if (buf.getInt(pos + E_HASH) == hash) {
        long ts = baseTimestamp + buf.getInt(pos + E_TS_DELTA);
        if (ts >= begin && ts <= end) {
          out.add(buf.getLong(pos + E_OFFSET));
        }
      }
      if (prev >= n) {
        return;
      }
      n = prev;
    }
  }

  /** Removes entries with offset greater than {@code offset}; returns the entries left. */
  int truncateAfter(long offset) {
    Summary s = summary;
    int n = s.count;
    while (n > 0 && buf.getLong(entryPos(n) + E_OFFSET) > offset) {
      int pos = entryPos(n);
      int slotPos = slotPos(buf.getInt(pos + E_HASH));
      // Entries go newest first, so the entry being removed is its chain's head.
      INT_VIEW.setRelease(buf, slotPos, buf.getInt(pos + E_PREV));
      n--;
    }
    if (n == s.count) {
      return n;
    }
    zeroEntries(n + 1, s.count);
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;
    for (int i = 1; i <= n; i++) {
      long ts = baseTimestamp + buf.getInt(entryPos(i) + E_TS_DELTA);
      minTs = Math.min(minTs, ts);
      maxTs = Math.max(maxTs, ts);
    }
    long last = n == 0 ? -1 : buf.getLong(entryPos(n) + E_OFFSET);
    summary = n == 0 ? Summary.EMPTY : new Summary(n, last, minTs, maxTs);
    synchronized (this) {
      writeDynamicHeader(STATE_DIRTY);
      dirtyOnDisk = true;
      // Entries written from here on take the removed ones' places and must be forced again.
      flushedCount = Math.min(flushedCount, n);
    }
    return n;
  }

  private synchronized void markDirty() {
    if (!dirtyOnDisk) {
      // A crash from here on must not be mistaken for a clean close.
      writeDynamicHeader(STATE_DIRTY);
      buf.force(H_STATE, H_DYNAMIC_CRC + 4 - H_STATE);
      dirtyOnDisk = true;
    }
  }

  /** Any thread. A sealed file was forced when it was sealed and is left as it is. */
  synchronized void flush() {
    if (!dirtyOnDisk) {
      return;
    }
    int count = summary.count;
    if (count == flushedCount) {
      return;
    }
    writeDynamicHeader(STATE_DIRTY);
    // Header and slot table, then only the entries added since the last flush: forcing the whole
    // mapping walks every page of it, which a node with a thousand busy queues pays a thousand
    // times per checkpoint.
    buf.force(0, entriesStart);
    int first = Math.min(flushedCount, count) + 1;
    if (count >= first) {
      int from = entryPos(first);
      buf.force(from, entryPos(count) + ENTRY_SIZE - from);
    }
    flushedCount = count;
  }

  /** Marks the file cleanly closed so the next open trusts its header without a scan. */
  synchronized void seal() {
    writeDynamicHeader(STATE_CLEAN);
    buf.force();
    dirtyOnDisk = false;
  }

  private void writeDynamicHeader(int state) {
    Summary s = summary;
    buf.putInt(H_STATE, state);
    buf.putInt(H_COUNT, s.count);
    buf.putLong(H_LAST_OFFSET, s.lastOffset);
    buf.putLong(H_MIN_TS, s.minTimestamp);
    buf.putLong(H_MAX_TS, s.maxTimestamp);
    buf.putInt(H_DYNAMIC_CRC, crc(buf, H_STATE, H_DYNAMIC_CRC));
  }

  /**
   * Zeroes entries so that stale ones can never pass a later recovery scan. Only non-zero entries
   * are written: the file is sparse and never-written pages must stay unallocated.
   */
  private void zeroEntries(int from, int to) {
    for (int i = from; i <= to; i++) {
      int pos = entryPos(i);
      for (int b = 0; b < ENTRY_SIZE; b += 8) {
        if (buf.getLong(pos + b) != 0L) {
          buf.putLong(pos + b, 0L);
        }
      }
    }
  }

  private int entryPos(int n) {
    return entriesStart + (n - 1) * ENTRY_SIZE;
  }

  private int slotPos(int hash) {
    return HEADER_SIZE + Math.floorMod(hash, slots) * SLOT_SIZE;
  }

  private static int crc(ByteBuffer buf, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(buf.slice(from, to - from));
    return (int) crc.getValue();
  }

  /** Offsets gathered newest first, without consecutive duplicates, up to a limit. */
  static final class Results {
    private final int max;
    private long[] values;
    private int size;

    Results(int max) {
      this.max = max;
      this.values = new long[Math.min(max, 16)];
    }

    boolean full() {
      return size == max;
    }

    void add(long offset) {
      if (size > 0 && values[size - 1] == offset) {
        return;
      }
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, (int) Math.min(max, size * 2L));
      }
      values[size++] = offset;
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
