package io.actormq.broker.queue;

import io.actormq.broker.queue.QueueCommand.Append;
import io.actormq.broker.queue.QueueCommand.AppendFailed;
import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.persistence.log.Appended;
import io.actormq.persistence.log.QueueLog;
import io.actormq.protocol.remoting.ResponseCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The {@link QueueActor}'s writes. Appends are gathered until the actor's own "write now" message
 * comes through its mailbox; every Append already queued arrives before it, so under load many
 * sends become one batch (one write, one group-commit request) at no cost in latency when the queue
 * is idle. Each sender is answered with its own offsets once the batch is durable. Confined to the
 * actor.
 */
final class AppendWriter {

  private final QueueLog log;
  private final long commitLogBase;
  private final Path dir;
  private final Logger logger;
  private final List<Append> pending = new ArrayList<>();

  AppendWriter(QueueLog log, long commitLogBase, Path dir, Logger logger) {
    this.log = log;
    this.commitLogBase = commitLogBase;
    this.dir = dir;
    this.logger = logger;
  }

  /** Queues an append; true if it is the first since the last write (schedule one). */
  boolean add(Append append) {
    pending.add(append);
    return pending.size() == 1;
  }

  void writePending() {
    if (pending.isEmpty()) {
      return;
    }
    List<Append> batch = List.copyOf(pending);
    pending.clear();
    if (batch.size() == 1) {
      write(batch, batch.get(0).records());
      return;
    }
    List<ByteBuffer> records = new ArrayList<>();
    batch.forEach(a -> records.addAll(a.records()));
    if (!write(batch, records)) {
      // One of them is malformed: each on its own, so only that sender hears of it.
      batch.forEach(a -> write(List.of(a), a.records()));
    }
  }

  /** Answers every queued append with {@code failure} instead of writing it. */
  void failPending(AppendFailed failure) {
    pending.forEach(a -> a.replyTo().tell(failure));
    pending.clear();
  }

  /** Appends the records of {@code batch}; false if a batch of several was refused as malformed. */
  private boolean write(List<Append> batch, List<ByteBuffer> records) {
    Appended appended;
    try {
      appended = log.append(records);
    } catch (IllegalArgumentException e) {
      if (batch.size() > 1) {
        return false;
      }
      batch.get(0).replyTo().tell(new AppendFailed(ResponseCode.MESSAGE_ILLEGAL, e.getMessage()));
      return true;
    } catch (IOException | UncheckedIOException e) {
      logger.error("append to {} failed", dir, e);
      batch.forEach(
          a -> a.replyTo().tell(new AppendFailed(ResponseCode.SYSTEM_ERROR, "storage error")));
      return true;
    }
    List<AppendOk> oks = new ArrayList<>(batch.size());
    long next = appended.firstOffset();
    for (Append a : batch) {
      long[] commitLogOffsets = new long[a.records().size()];
      for (int i = 0; i < commitLogOffsets.length; i++) {
        commitLogOffsets[i] = commitLogBase + next + i;
      }
      oks.add(new AppendOk(next, commitLogOffsets));
      next += commitLogOffsets.length;
    }
    appended
        .durable()
        .whenComplete(
            (done, failure) -> {
              for (int i = 0; i < batch.size(); i++) {
                batch
                    .get(i)
                    .replyTo()
                    .tell(
                        failure == null
                            ? oks.get(i)
                            : new AppendFailed(
                                ResponseCode.FLUSH_DISK_TIMEOUT, "flush failed: " + failure));
              }
            });
    return true;
  }
}
