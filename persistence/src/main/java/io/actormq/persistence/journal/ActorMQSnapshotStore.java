package io.actormq.persistence.journal;

import com.typesafe.config.Config;
import io.actormq.persistence.journal.PayloadSerializer.Serialized;
import io.actormq.persistence.journal.SnapshotFiles.Entry;
import io.actormq.persistence.journal.SnapshotFiles.Loaded;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;

/**
 * Pekko Persistence snapshot-store plugin keeping one file per snapshot under {@code dir} (format
 * in {@link SnapshotFiles}). Payloads and snapshot metadata go through Pekko Serialization. File
 * I/O runs on {@code io-dispatcher}, never on the plugin actor's dispatcher.
 *
 * <p>Configuration (see reference.conf, path {@code actormq.persistence.snapshot-store}): {@code
 * dir}, {@code io-dispatcher}, {@code max-load-attempts} (how many of the newest matching snapshots
 * a load tries before it gives up when they fail to read).
 */
public final class ActorMQSnapshotStore extends SnapshotStore {

  private static final Logger log = LoggerFactory.getLogger(ActorMQSnapshotStore.class);

  private final SnapshotFiles files;
  private final PayloadSerializer serializer;
  private final ExecutionContext io;
  private final int maxLoadAttempts;

  public ActorMQSnapshotStore(Config config) throws IOException {
    this.files = new SnapshotFiles(Path.of(config.getString("dir")));
    this.serializer = new PayloadSerializer(context().system());
    this.io = context().system().dispatchers().lookup(config.getString("io-dispatcher"));
    this.maxLoadAttempts = Math.max(1, config.getInt("max-load-attempts"));
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    return onIo(() -> load(persistenceId, criteria));
  }

  private Optional<SelectedSnapshot> load(String persistenceId, SnapshotSelectionCriteria criteria)
      throws Exception {
    Exception lastFailure = null;
    int attempts = 0;
    for (Entry entry : files.list(persistenceId)) {
      if (!criteria.matches(entry.metadata())) {
        continue;
      }
      if (attempts++ == maxLoadAttempts) {
        break;
      }
      try {
        Loaded loaded = files.load(entry);
        Object snapshot = serializer.deserialize(loaded.payload());
        SnapshotMetadata md = loaded.metadata();
        if (loaded.meta() != null) {
          md = md.withMetadata(serializer.deserialize(loaded.meta()));
        }
        return Optional.of(SelectedSnapshot.create(md, snapshot));
      } catch (IOException | RuntimeException e) {
        // An older snapshot plus a longer replay still recovers the actor correctly.
        log.warn("Cannot load snapshot {}; trying an older one", entry.path(), e);
        lastFailure = e;
      }
    }
    if (lastFailure != null) {
      throw lastFailure;
    }
    return Optional.empty();
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    return onIo(
        () -> {
          Serialized payload = serializer.serialize(snapshot);
          Option<Object> meta = metadata.metadata();
          Optional<Serialized> serializedMeta =
              meta.isDefined() ? Optional.of(serializer.serialize(meta.get())) : Optional.empty();
          files.save(metadata, payload, serializedMeta);
          return null;
        });
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    return onIo(
        () -> {
          for (Entry e : files.list(metadata.persistenceId())) {
            // Timestamp 0 means "any": Pekko deletes a single snapshot by sequence number then.
            if (e.sequenceNr() == metadata.sequenceNr()
                && (metadata.timestamp() == 0 || e.timestamp() == metadata.timestamp())) {
              files.delete(e);
            }
          }
          return null;
        });
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return onIo(
        () -> {
          List<Entry> all = files.list(persistenceId);
          for (Entry e : all) {
            if (criteria.matches(e.metadata())) {
              files.delete(e);
            }
          }
          return null;
        });
  }

  private <T> Future<T> onIo(Callable<T> task) {
    return Futures.future(task, io);
  }
}
