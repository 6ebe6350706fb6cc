package io.actormq.persistence.timer;

import io.actormq.persistence.offsets.OffsetsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * The on-disk timing wheel behind delayed and timed messages: which parked message is due when.
 *
 * <p>The parked messages themselves live in an ordinary append log; entry {@code i} of this index
 * describes record {@code i} of that log. An entry is {@code deliverAt i64 | prev i64 | state i32 |
 * pad i32} (24 bytes) in chunk files of {@code entriesPerChunk} entries, named by their first index
 * (20 digits), memory-mapped and sparse. Entries due in the same second form a linked list through
 * {@code prev}, newest first; the heads of those lists are the only per-slot state and live in the
 * heap ({@code slots} longs, a few MiB for a three-day horizon), so a million pending timers cost
 * disk, not heap. A slot is reused every {@code slots} seconds; since nothing is parked further
 * ahead than the horizon, a list walked from its head meets the wanted second's entries, entries of
 * later turns of the wheel only when seconds were left unwalked for a whole turn (a long downtime),
 * which it steps over, and then entries of earlier turns, where it stops.
 *
 * <p>Recovery: a checkpoint file holds the <em>watermark</em> (every entry below it was recorded
 * and forced) and the lowest entry that may still be pending. On open, the pending entries in
 * between are linked again; entries from the watermark on are the caller's to {@link #restore} from
 * the log, which stays the source of truth.
 *
 * <p>Thread-safety: one owner thread (a timer actor) calls everything except the {@link Runnable}
 * returned by {@link #checkpointTask()}, which forces files and may run on any thread.
 */
public final class TimerIndex implements AutoCloseable {

  static final int ENTRY_BYTES = 24;
  static final int EMPTY = 0;
  static final int PENDING = 1;
  static final int DONE = 2;

  private static final String CHECKPOINT = "checkpoint";
  private static final String WATERMARK = "watermark";
  private static final String LOWEST_PENDING = "lowestPending";

  private final Path dir;
  private final int entriesPerChunk;
  private final long[] heads;
  private final int slotMask;
  private final TreeMap<Long, MappedByteBuffer> chunks = new TreeMap<>();
  private final TreeSet<Long> recordedAboveWatermark = new TreeSet<>();
  private long watermark;
  private long lowestPending;
  private long earliestPendingSecond = Long.MAX_VALUE;
  private long pendingCount;

  private TimerIndex(Path dir, int slots, int entriesPerChunk) {
    this.dir = dir;
    this.entriesPerChunk = entriesPerChunk;
    int size = Integer.highestOneBit(Math.max(2, slots) - 1) << 1;
    this.heads = new long[size];
    this.slotMask = size - 1;
  }

  /**
   * Opens (or creates) the index in {@code dir} and links the pending entries below the watermark.
   *
   * @param horizonSeconds how far ahead a message may be parked; the wheel gets more slots than
   *     that
   */
  public static TimerIndex open(Path dir, long horizonSeconds, int entriesPerChunk)
      throws IOException {
    if (horizonSeconds < 1 || horizonSeconds > (1L << 29)) {
      throw new IllegalArgumentException("horizon of " + horizonSeconds + " s is out of range");
    }
    Files.createDirectories(dir);
    TimerIndex index = new TimerIndex(dir, (int) horizonSeconds + 2, entriesPerChunk);
    Map<String, Long> checkpoint = OffsetsFile.load(dir.resolve(CHECKPOINT));
    index.watermark = checkpoint.getOrDefault(WATERMARK, 0L);
    index.lowestPending = Math.min(checkpoint.getOrDefault(LOWEST_PENDING, 0L), index.watermark);
    index.mapExistingChunks();
    for (long i = index.lowestPending; i < index.watermark; i++) {
      if (index.state(i) == PENDING) {
        index.link(i, index.deliverAt(i));
      }
    }
    return index;
  }

  /** Every entry below this one is recorded; the caller restores the rest from its log. */
  public long watermark() {
    return watermark;
  }

  /** Pending entries linked into the wheel. */
  public long pendingCount() {
    return pendingCount;
  }

  /** The earliest second any entry linked since open is due in, or Long.MAX_VALUE. */
  public long earliestPendingSecond() {
    return earliestPendingSecond;
  }

  /** Records that log record {@code index} is due at {@code deliverAtMillis}. */
  public void record(long index, long deliverAtMillis) {
    if (index < watermark || recordedAboveWatermark.contains(index)) {
      // Linking an entry twice would make its slot's list a cycle.
      throw new IllegalArgumentException("entry " + index + " is already recorded");
    }
    MappedByteBuffer chunk = chunkFor(index);
    int pos = positionOf(index);
    chunk.putLong(pos, deliverAtMillis);
    chunk.putInt(pos + 16, PENDING);
    link(index, deliverAtMillis);
    advanceWatermark(index);
  }

  /**
   * Re-derives entry {@code index} (at or above the watermark) from its log record after a restart:
   * an entry already marked done for the same due time stays done, anything else becomes pending.
   */
  public void restore(long index, long deliverAtMillis) {
    if (state(index) == DONE && deliverAt(index) == deliverAtMillis) {
      advanceWatermark(index);
      return;
    }
    record(index, deliverAtMillis);
  }

  /** Feeds {@code out} the pending entries due within {@code second} (epoch seconds). */
  public void collect(long second, LongConsumer out) {
    long head = heads[(int) (second & slotMask)];
    for (long i = head - 1; i >= 0; ) {
      long dueSecond = Math.floorDiv(deliverAt(i), 1000);
      if (dueSecond < second) {
        break;
      }
      if (dueSecond == second && state(i) == PENDING) {
        out.accept(i);
      }
      i = chunkFor(i).getLong(positionOf(i) + 8);
    }
  }

  public long deliverAt(long index) {
    return chunkFor(index).getLong(positionOf(index));
  }

  public boolean isPending(long index) {
    return state(index) == PENDING;
  }

  /** The message of entry {@code index} was delivered (or given up): it is no longer pending. */
  public void markDone(long index) {
    if (state(index) == PENDING) {
      chunkFor(index).putInt(positionOf(index) + 16, DONE);
      pendingCount--;
    }
  }

  /**
   * Moves the lowest-pending mark past entries that are done, looking at no more than {@code
   * maxSteps} entries, and returns it. Log records below it are no longer needed.
   */
  public long advanceLowestPending(int maxSteps) {
    long limit = Math.min(watermark, lowestPending + maxSteps);
    while (lowestPending < limit && state(lowestPending) != PENDING) {
      lowestPending++;
    }
    return lowestPending;
  }

  /**
   * What a checkpoint must write, taken now on the owner thread: running the task forces the chunks
   * in use, records watermark and lowest-pending mark, and deletes chunk files wholly below that
   * mark (blocking; run it off the owner's thread).
   */
  public Runnable checkpointTask() {
    long mark = watermark;
    long lowest = lowestPending;
    List<MappedByteBuffer> live = new ArrayList<>(chunks.tailMap(chunkBase(lowest), true).values());
    List<Path> obsolete = new ArrayList<>();
    for (Long base : new ArrayList<>(chunks.headMap(chunkBase(lowest), false).keySet())) {
      chunks.remove(base);
      obsolete.add(chunkFile(base));
    }
    return () -> {
      live.forEach(MappedByteBuffer::force);
      try {
        OffsetsFile.save(dir.resolve(CHECKPOINT), Map.of(WATERMARK, mark, LOWEST_PENDING, lowest));
        for (Path file : obsolete) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot checkpoint the timer index in " + dir, e);
      }
    };
  }

  @Override
  public void close() {
    checkpointTask().run();
    chunks.clear();
  }

  private void link(long index, long deliverAtMillis) {
    long second = Math.floorDiv(deliverAtMillis, 1000);
    int slot = (int) (second & slotMask);
    chunkFor(index).putLong(positionOf(index) + 8, heads[slot] - 1);
    heads[slot] = index + 1;
    earliestPendingSecond = Math.min(earliestPendingSecond, second);
    pendingCount++;
  }

  // Records may arrive slightly out of log order (completions race); the watermark waits for gaps.
  private void advanceWatermark(long index) {
    if (index < watermark) {
      return;
    }
    if (index == watermark && recordedAboveWatermark.isEmpty()) {
      watermark++;
      return;
    }
    recordedAboveWatermark.add(index);
    while (!recordedAboveWatermark.isEmpty() && recordedAboveWatermark.first() == watermark) {
      recordedAboveWatermark.pollFirst();
      watermark++;
    }
  }

  private int state(long index) {
    MappedByteBuffer chunk = chunks.get(chunkBase(index));
    return chunk == null ? EMPTY : chunk.getInt(positionOf(index) + 16);
  }

  private long chunkBase(long index) {
    return index - Math.floorMod(index, entriesPerChunk);
  }

  private int positionOf(long index) {
    return (int) Math.floorMod(index, entriesPerChunk) * ENTRY_BYTES;
  }

  private Path chunkFile(long base) {
    return dir.resolve(String.format("%020d.timer", base));
  }

  private MappedByteBuffer chunkFor(long index) {
    long base = chunkBase(index);
    MappedByteBuffer chunk = chunks.get(base);
    if (chunk == null) {
      chunk = map(chunkFile(base));
      chunks.put(base, chunk);
    }
    return chunk;
  }

  private MappedByteBuffer map(Path file) {
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return ch.map(FileChannel.MapMode.READ_WRITE, 0, (long) entriesPerChunk * ENTRY_BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map timer index chunk " + file, e);
    }
  }

  private void mapExistingChunks() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".timer")) {
          long base = Long.parseLong(name.substring(0, name.length() - ".timer".length()));
          if (base + entriesPerChunk <= lowestPending) {
            Files.deleteIfExists(file);
          } else {
            chunks.put(base, map(file));
          }
        }
      }
    }
  }
}
