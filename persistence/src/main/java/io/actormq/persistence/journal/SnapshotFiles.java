package io.actormq.persistence.journal;

import io.actormq.persistence.journal.PayloadSerializer.Serialized;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.apache.pekko.persistence.SnapshotMetadata;

/**
 * One file per snapshot: {@code snapshot-<persistence id>-<sequenceNr>-<timestamp>.snap}, the id
 * URL-encoded (or {@code ~} + its SHA-256 when that would be long). Content, big-endian:
 *
 * <pre>
 * int magic "AMQS", int version 1, int CRC32C of the body, int body length, body:
 *   string persistenceId, long sequenceNr, long timestamp,
 *   payload (int serializerId, string manifest, int length, bytes),
 *   byte 1 + metadata payload | byte 0          (strings: int length + UTF-8)
 * </pre>
 *
 * A save writes a temporary file, forces it, renames it into place atomically and forces the
 * directory, so a crash leaves either the old set of snapshots or the new one, never a torn file
 * under a snapshot name. Blocking; callers run it on an I/O dispatcher.
 */
final class SnapshotFiles {

  private static final int MAGIC = 0x414d5153; // "AMQS"
  private static final int VERSION = 1;
  private static final int HEADER = 16;
  private static final String PREFIX = "snapshot-";
  private static final String SUFFIX = ".snap";
  private static final String TEMP_PREFIX = ".tmp-";
  private static final int MAX_ENCODED_ID = 150;

  /** A snapshot file found on disk, known by its name only. */
  record Entry(Path path, String persistenceId, long sequenceNr, long timestamp) {
    SnapshotMetadata metadata() {
      return new SnapshotMetadata(persistenceId, sequenceNr, timestamp);
    }
  }

  /** A snapshot read back; {@code meta} is null when it was saved without metadata. */
  record Loaded(SnapshotMetadata metadata, Serialized payload, Serialized meta) {}

  private final Path dir;

  SnapshotFiles(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    removeLeftoverTempFiles();
  }

  /** All snapshots of {@code persistenceId}, newest (highest sequenceNr, then timestamp) first. */
  List<Entry> list(String persistenceId) throws IOException {
    String prefix = PREFIX + idPart(persistenceId) + "-";
    List<Entry> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*" + SUFFIX)) {
      for (Path p : files) {
        parse(p, prefix).ifPresent(e -> found.add(new Entry(p, persistenceId, e[0], e[1])));
      }
    }
    found.sort(
        Comparator.comparingLong(Entry::sequenceNr).thenComparingLong(Entry::timestamp).reversed());
    return found;
  }

  /** Writes a snapshot durably, replacing any other snapshot of the same sequence number. */
  void save(SnapshotMetadata md, Serialized payload, Optional<Serialized> meta) throws IOException {
    byte[] id = md.persistenceId().getBytes(StandardCharsets.UTF_8);
    int bodySize =
        4
            + id.length
            + 16
            + payload.encodedSize()
            + 1
            + meta.map(Serialized::encodedSize).orElse(0);
    ByteBuffer buf = ByteBuffer.allocate(HEADER + bodySize);
    buf.position(HEADER);
    buf.putInt(id.length).put(id).putLong(md.sequenceNr()).putLong(md.timestamp());
    payload.writeTo(buf);
    buf.put((byte) (meta.isPresent() ? 1 : 0));
    meta.ifPresent(m -> m.writeTo(buf));
    buf.putInt(0, MAGIC).putInt(4, VERSION).putInt(8, crc(buf, HEADER, buf.limit()));
    buf.putInt(12, bodySize);
    buf.flip();

    Path temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
    Path target = dir.resolve(fileName(md));
    try (FileChannel ch =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    forceDirectory();
    for (Entry e : list(md.persistenceId())) {
      if (e.sequenceNr() == md.sequenceNr() && !e.path().equals(target)) {
        Files.deleteIfExists(e.path());
      }
    }
  }

  /** Reads and verifies a snapshot file. */
  Loaded load(Entry entry) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(entry.path()));
    if (buf.limit() < HEADER
        || buf.getInt(0) != MAGIC
        || buf.getInt(4) != VERSION
        || buf.getInt(12) != buf.limit() - HEADER
        || buf.getInt(8) != crc(buf, HEADER, buf.limit())) {
      throw new IOException("corrupt snapshot file " + entry.path());
    }
    buf.position(HEADER);
    String id = PayloadSerializer.getString(buf);
    long seqNr = buf.getLong();
    long timestamp = buf.getLong();
    if (!id.equals(entry.persistenceId()) || seqNr != entry.sequenceNr()) {
      throw new IOException("snapshot file " + entry.path() + " belongs to " + id);
    }
    Serialized payload = Serialized.readFrom(buf);
    Serialized meta = buf.get() == 1 ? Serialized.readFrom(buf) : null;
    return new Loaded(new SnapshotMetadata(id, seqNr, timestamp), payload, meta);
  }

  void delete(Entry entry) throws IOException {
    Files.deleteIfExists(entry.path());
  }

  private void forceDirectory() throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private void removeLeftoverTempFiles() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
      for (Path p : files) {
        // An interrupted save: the snapshot it carried was never acknowledged.
        Files.deleteIfExists(p);
      }
    }
  }

  static String fileName(SnapshotMetadata md) {
    return PREFIX
        + idPart(md.persistenceId())
        + "-"
        + md.sequenceNr()
        + "-"
        + md.timestamp()
        + SUFFIX;
  }

  static String idPart(String persistenceId) {
    String encoded = URLEncoder.encode(persistenceId, StandardCharsets.UTF_8);
    if (encoded.length() <= MAX_ENCODED_ID) {
      return encoded;
    }
    try {
      // URL encoding never yields a bare '~', so hashed names cannot collide with encoded ones.
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(persistenceId.getBytes(StandardCharsets.UTF_8));
      return "~" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Parses {@code <seqNr>-<timestamp>.snap} after {@code prefix}; empty if the name is foreign. */
  private static Optional<long[]> parse(Path p, String prefix) {
    String name = p.getFileName().toString();
    String rest = name.substring(prefix.length(), name.length() - SUFFIX.length());
    int dash = rest.indexOf('-');
    if (dash <= 0 || rest.indexOf('-', dash + 1) >= 0) {
      return Optional.empty(); // another persistence id that extends this one's prefix
    }
    try {
      return Optional.of(
          new long[] {
            Long.parseLong(rest.substring(0, dash)), Long.parseLong(rest.substring(dash + 1))
          });
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int crc(ByteBuffer buf, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(buf.slice(from, to - from));
    return (int) crc.getValue();
  }
}
