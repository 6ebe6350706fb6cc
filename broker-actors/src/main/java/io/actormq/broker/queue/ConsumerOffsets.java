package io.actormq.broker.queue;

import io.actormq.persistence.offsets.OffsetsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A queue's consumer-group offsets: the rules for changing them and the bookkeeping for writing
 * them to the queue's {@code offsets} file.
 *
 * <p>The map and the dirty/saving flags are confined to the owning {@link QueueActor}. Only {@link
 * Snapshot#write()} runs elsewhere (the blocking-I/O executor); writes take turns under a lock and
 * an older snapshot never replaces a newer one, so a timer's save still running when the actor
 * stops cannot undo the final save.
 */
final class ConsumerOffsets {

  private final Path file;
  private final Map<String, Long> offsets;
  private final Map<String, Long> fencedUntil = new HashMap<>();
  private boolean dirty;
  private boolean saving;
  private long snapshotsTaken;
  private final Object fileLock = new Object();
  private long snapshotWritten; // guarded by fileLock

  /** A copy of the offsets, numbered in the order it was taken. */
  final class Snapshot {
    private final Map<String, Long> offsets;
    private final long number;

    private Snapshot(Map<String, Long> offsets, long number) {
      this.offsets = offsets;
      this.number = number;
    }

    /** Writes the snapshot unless a later one is already on disk. Blocking; any thread. */
    void write() {
      synchronized (fileLock) {
        if (number <= snapshotWritten) {
          return;
        }
        try {
          OffsetsFile.save(file, offsets);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        snapshotWritten = number;
      }
    }
  }

  ConsumerOffsets(Path file, Map<String, Long> loaded) {
    this.file = file;
    this.offsets = new HashMap<>(loaded);
  }

  /** The committed offset of {@code group}, or -1. */
  long get(String group) {
    return offsets.getOrDefault(group, -1L);
  }

  /**
   * Commits an offset. It only moves forward, except when the stored one lies beyond {@code
   * queueEnd}: after a lost tail the client must be able to step back.
   */
  void commit(String group, long offset, long queueEnd, long now) {
    if (offset < 0) {
      return;
    }
    Long fence = fencedUntil.get(group);
    if (fence != null) {
      if (now < fence) {
        return;
      }
      fencedUntil.remove(group);
    }
    Long current = offsets.get(group);
    if (current == null || offset > current || current > queueEnd) {
      offsets.put(group, offset);
      dirty = true;
    }
  }

  /**
   * Sets an offset to any value (backtracking) and returns it. Commits of the group are ignored
   * until {@code fenceUntil}: a consumer learns of a reset only after a while (the official client
   * waits ten seconds), and meanwhile keeps committing its old, higher offsets, which would
   * otherwise undo the reset.
   */
  long reset(String group, long offset, long fenceUntil) {
    fencedUntil.put(group, fenceUntil);
    long value = Math.max(0, offset);
    offsets.put(group, value);
    dirty = true;
    return value;
  }

  /** Whether there are changes not yet handed to a save. */
  boolean isDirty() {
    return dirty;
  }

  /** A snapshot to write if there are unsaved changes and no save is running, else null. */
  Snapshot takeDirtySnapshot() {
    if (!dirty || saving) {
      return null;
    }
    dirty = false;
    saving = true;
    return snapshotNow();
  }

  /** Called when the save of {@link #takeDirtySnapshot()} ended; a failure is retried later. */
  void saveEnded(boolean failed) {
    saving = false;
    if (failed) {
      dirty = true;
    }
  }

  /** A snapshot of the current offsets, whatever is running (the final save at stop). */
  Snapshot snapshotNow() {
    return new Snapshot(Map.copyOf(offsets), ++snapshotsTaken);
  }
}
