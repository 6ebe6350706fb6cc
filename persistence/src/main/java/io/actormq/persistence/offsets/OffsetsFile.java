package io.actormq.persistence.offsets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small durable map from name to offset (a queue's consumer-group offsets), replaced as a whole.
 *
 * <p>Format: {@code magic i32 | count i32 | count × (nameLen u16, UTF-8 name, offset i64) | crc32c
 * i32} over everything before the CRC. A save writes a temp file, forces it, keeps the current file
 * as {@code .bak} and renames the temp file into place, so a crash at any moment leaves at least
 * one complete file; a load falls back to {@code .bak} when the main file is missing or damaged.
 *
 * <p>Blocking: call it off any actor's thread (a blocking-I/O dispatcher).
 */
public final class OffsetsFile {

  private static final Logger log = LoggerFactory.getLogger(OffsetsFile.class);
  private static final int MAGIC = 0x4F464653; // "OFFS"

  private OffsetsFile() {}

  /** The stored map, or an empty one when nothing readable was ever saved. */
  public static Map<String, Long> load(Path file) throws IOException {
    Map<String, Long> main = read(file);
    if (main != null) {
      return main;
    }
    Map<String, Long> backup = read(backupOf(file));
    if (backup != null) {
      log.warn("{} is missing or damaged; using its backup", file);
      return backup;
    }
    return new HashMap<>();
  }

  private static Map<String, Long> read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (bytes.length < 12) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    if (b.getInt(bytes.length - 4) != (int) crc.getValue() || b.getInt() != MAGIC) {
      return null;
    }
    int count = b.getInt();
    Map<String, Long> offsets = new HashMap<>();
    for (int i = 0; i < count; i++) {
      int length = Short.toUnsignedInt(b.getShort());
      String name = new String(bytes, b.position(), length, StandardCharsets.UTF_8);
      b.position(b.position() + length);
      offsets.put(name, b.getLong());
    }
    return offsets;
  }

  /** Durably replaces the stored map with {@code offsets}. */
  public static void save(Path file, Map<String, Long> offsets) throws IOException {
    int size = 12;
    Map<byte[], Long> encoded = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : offsets.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      if (name.length > 0xFFFF) {
        throw new IllegalArgumentException("name too long: " + e.getKey());
      }
      encoded.put(name, e.getValue());
      size += 2 + name.length + 8;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(MAGIC).putInt(encoded.size());
    encoded.forEach((name, offset) -> b.putShort((short) name.length).put(name).putLong(offset));
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, size - 4);
    b.putInt((int) crc.getValue()).flip();

    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    if (Files.exists(file)) {
      move(file, backupOf(file));
    }
    move(temp, file);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Path backupOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".bak");
  }
}
