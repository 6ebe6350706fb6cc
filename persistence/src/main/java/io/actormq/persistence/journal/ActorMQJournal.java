package io.actormq.persistence.journal;

import com.typesafe.config.Config;
import io.actormq.persistence.journal.JournalRecordFormat.Event;
import io.actormq.persistence.journal.PayloadSerializer.Serialized;
import io.actormq.persistence.log.Appended;
import io.actormq.persistence.log.FlushPolicy;
import io.actormq.persistence.log.FlushService;
import io.actormq.persistence.log.LogConfig;
import io.actormq.persistence.log.QueueLog;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.PersistentRepr$;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * Pekko Persistence journal plugin on the ActorMQ storage engine: one {@link QueueLog} holds the
 * events of every persistence id ({@link JournalRecordFormat}), and an in-memory {@link
 * PersistenceIdIndex}, rebuilt by a scan when the plugin starts, maps each id to its events.
 *
 * <p>Writes are appended on the plugin actor (a memory copy) and acknowledged when the engine's
 * {@link Appended#durable()} completes: with {@code flush-policy = sync} after the flusher thread's
 * group-commit fsync, so the actor never waits for the disk. Each AtomicWrite is all-or-nothing: an
 * event that cannot be serialized rejects its whole AtomicWrite (nothing of it is stored), and a
 * write torn by a crash is ignored on restart. Deletion appends a tombstone (persistence id,
 * deleted-to); events are never rewritten and the highest sequence number survives deletion.
 *
 * <p>Configuration (path {@code actormq.persistence.journal}, see reference.conf): {@code dir},
 * {@code flush-policy} (sync | async), {@code flush-interval}, {@code segment-size}, {@code
 * index-entries-per-file}.
 */
public final class ActorMQJournal extends AsyncWriteJournal {

  private static final Logger log = LoggerFactory.getLogger(ActorMQJournal.class);

  private final int maxRecordBytes;
  private final FlushService flusher;
  private final QueueLog queueLog;
  private final PersistenceIdIndex index;
  private final PayloadSerializer serializer;

  public ActorMQJournal(Config config) throws IOException {
    Path dir = Path.of(config.getString("dir"));
    Duration interval = config.getDuration("flush-interval");
    FlushPolicy policy =
        FlushPolicy.valueOf(config.getString("flush-policy").toUpperCase(Locale.ROOT));
    this.maxRecordBytes = Math.toIntExact(config.getBytes("segment-size"));
    LogConfig logConfig =
        LogConfig.defaults()
            .withSegmentBytes(maxRecordBytes)
            .withIndexEntriesPerFile(config.getInt("index-entries-per-file"))
            .withFlushPolicy(policy)
            .withFlushInterval(interval)
            // Events carry no message keys: the key index stays empty, keep its files small.
            .withKeyIndex(64, 64);
    this.flusher = FlushService.start("actormq-journal-flusher", interval);
    try {
      this.queueLog = QueueLog.open(dir, logConfig, new JournalRecordFormat(), flusher);
    } catch (IOException | RuntimeException e) {
      flusher.close();
      throw e;
    }
    this.index = PersistenceIdIndex.rebuild(queueLog);
    this.serializer = new PayloadSerializer(context().system());
    log.info(
        "Journal {} opened: {} records, {} persistence ids, {}",
        dir,
        queueLog.nextOffset() - queueLog.minOffset(),
        index.size(),
        queueLog.recoveryReport());
  }

  @Override
  public void postStop() {
    try {
      queueLog.close();
    } finally {
      flusher.close();
    }
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> writes) {
    List<Optional<Exception>> results = new ArrayList<>();
    List<ByteBuffer> records = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (AtomicWrite write : writes) {
      List<PersistentRepr> reprs = CollectionConverters.asJava(write.payload());
      List<ByteBuffer> encoded = new ArrayList<>(reprs.size());
      List<Event> encodedEvents = new ArrayList<>(reprs.size());
      try {
        for (int i = 0; i < reprs.size(); i++) {
          Event event = toEvent(reprs.get(i));
          ByteBuffer record = JournalRecordFormat.encodeEvent(event, i, i == reprs.size() - 1, now);
          if (record.remaining() > maxRecordBytes) {
            throw new IllegalArgumentException(
                "event of "
                    + record.remaining()
                    + " bytes exceeds the journal's segment-size "
                    + maxRecordBytes);
          }
          encoded.add(record);
          encodedEvents.add(event);
        }
      } catch (NotSerializableException | RuntimeException e) {
        // Pekko's contract: a rejected AtomicWrite is reported, not failed, and nothing is stored.
        results.add(Optional.of(e));
        continue;
      }
      records.addAll(encoded);
      events.addAll(encodedEvents);
      results.add(Optional.empty());
    }
    if (records.isEmpty()) {
      return Futures.successful(results);
    }
    Appended appended;
    try {
      appended = queueLog.append(records);
    } catch (IOException | RuntimeException e) {
      return Futures.failed(e);
    }
    long offset = appended.firstOffset();
    for (Event e : events) {
      index.addEvent(e.persistenceId(), e.sequenceNr(), offset++);
    }
    Iterable<Optional<Exception>> done = results;
    return FutureConverters.asScala(appended.durable().thenApply(v -> done));
  }

  private Event toEvent(PersistentRepr repr) throws NotSerializableException {
    Serialized payload = serializer.serialize(repr.payload());
    Serialized metadata =
        repr.metadata().isDefined() ? serializer.serialize(repr.metadata().get()) : null;
    return new Event(
        repr.persistenceId(),
        repr.sequenceNr(),
        repr.writerUuid(),
        repr.manifest(),
        repr.timestamp(),
        payload,
        metadata);
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    // Deleting "to Long.MAX_VALUE" means everything so far; later events stay live.
    long effective = Math.min(toSequenceNr, index.highest(persistenceId));
    if (effective <= index.deletedTo(persistenceId)) {
      return Futures.successful(null);
    }
    ByteBuffer tombstone =
        JournalRecordFormat.encodeDeletion(persistenceId, effective, System.currentTimeMillis());
    Appended appended;
    try {
      appended = queueLog.append(List.of(tombstone));
    } catch (IOException | RuntimeException e) {
      return Futures.failed(e);
    }
    index.deleteTo(persistenceId, effective);
    return FutureConverters.asScala(appended.durable());
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId,
      long fromSequenceNr,
      long toSequenceNr,
      long max,
      Consumer<PersistentRepr> replayCallback) {
    try {
      for (long offset : index.offsets(persistenceId, fromSequenceNr, toSequenceNr, max)) {
        ByteBuffer record = queueLog.readOne(offset);
        if (record == null) {
          throw new IllegalStateException(
              "event of " + persistenceId + " at journal offset " + offset + " is gone");
        }
        replayCallback.accept(toRepr(JournalRecordFormat.readEvent(record)));
      }
      return Futures.successful(null);
    } catch (RuntimeException e) {
      log.error("Replay of {} failed", persistenceId, e);
      return Futures.failed(e);
    }
  }

  private PersistentRepr toRepr(Event e) {
    PersistentRepr repr =
        PersistentRepr$.MODULE$
            .apply(
                serializer.deserialize(e.payload()),
                e.sequenceNr(),
                e.persistenceId(),
                e.manifest(),
                false,
                ActorRef.noSender(),
                e.writerUuid())
            .withTimestamp(e.timestamp());
    return e.metadata() == null ? repr : repr.withMetadata(serializer.deserialize(e.metadata()));
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    return Futures.successful(index.highest(persistenceId));
  }
}
