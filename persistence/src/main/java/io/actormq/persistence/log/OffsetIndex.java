package io.actormq.persistence.log;

import io.actormq.persistence.index.ZeroAhead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Logical offset → record location, in fixed-size entries so that a lookup is one multiplication.
 *
 * <h2>Format</h2>
 *
 * Files {@code <base offset, 20 digits>.idx}, each holding {@code entriesPerFile} entries of 32
 * bytes; a file's base offset is a multiple of {@code entriesPerFile}, so the entry for offset
 * {@code o} is entry {@code o % entriesPerFile} of file {@code o / entriesPerFile}:
 *
 * <pre>
 *  0  position        i64  physical position of the record in the log
 *  8  size            i32  record length in bytes (&gt; 0)
 * 12  tagHash         i32  the record format's tag hash, for filtered reads
 * 16  storeTimestamp  i64  epoch ms, never lower than the previous entry's
 * 24  crc             i32  CRC32C of bytes 0..23 and the entry's own offset
 * 28  reserved        i32  0
 * </pre>
 *
 * A zero-filled or torn entry fails its CRC, which is how recovery finds the end of the index; the
 * CRC covers the offset too, so an entry copied to the wrong slot is caught as well.
 *
 * <h2>Thread safety</h2>
 *
 * One writer (append, truncate, delete, force) and any number of readers. Readers only look at
 * offsets below the owning log's published next offset: the volatile write of that offset happens
 * after the entry is written, so they see complete entries. Lookups of offsets whose file was
 * deleted by retention return -1.
 */
final class OffsetIndex implements AutoCloseable {

  static final int ENTRY_BYTES = 32;
  static final String SUFFIX = ".idx";
  private static final byte[] ZERO_ENTRY = new byte[ENTRY_BYTES];

  private final Path dir;
  private final int entriesPerFile;
  private final ByteBuffer scratch = ByteBuffer.allocate(ENTRY_BYTES);
  private final CRC32C crc = new CRC32C();
  private volatile IndexFile[] files;

  private record IndexFile(Path path, long baseOffset, MappedByteBuffer map) {}

  // The writer's: keeps the pages ahead of the tail file's next entry cached (see ZeroAhead).
  private IndexFile zeroAheadFile;
  private ZeroAhead zeroAhead;

  private OffsetIndex(Path dir, int entriesPerFile, IndexFile[] files) {
    this.dir = dir;
    this.entriesPerFile = entriesPerFile;
    this.files = files;
  }

  static OffsetIndex open(Path dir, int entriesPerFile) throws IOException {
    Files.createDirectories(dir);
    List<Path> paths;
    try (Stream<Path> list = Files.list(dir)) {
      paths = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
    List<IndexFile> files = new ArrayList<>();
    for (Path path : paths) {
      String name = path.getFileName().toString();
      long base = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
      boolean contiguous =
          files.isEmpty() || files.get(files.size() - 1).baseOffset() + entriesPerFile == base;
      if (base % entriesPerFile != 0 || !contiguous) {
        // A gap or a foreign layout: everything from here on is rebuilt from the log.
        deleteFrom(paths.subList(paths.indexOf(path), paths.size()));
        break;
      }
      files.add(new IndexFile(path, base, map(path, entriesPerFile)));
    }
    return new OffsetIndex(dir, entriesPerFile, files.toArray(IndexFile[]::new));
  }

  private static void deleteFrom(List<Path> paths) throws IOException {
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }

  private static MappedByteBuffer map(Path path, int entriesPerFile) throws IOException {
    long bytes = (long) entriesPerFile * ENTRY_BYTES;
    try (FileChannel ch =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (ch.size() < bytes) {
        ch.write(ByteBuffer.allocate(1), bytes - 1);
      }
      return ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
    }
  }

  /** The lowest offset any index file covers, or -1 without files. */
  long firstFileBase() {
    IndexFile[] fs = files;
    return fs.length == 0 ? -1 : fs[0].baseOffset();
  }

  /** One past the highest offset the index files can hold without a new file. */
  long fileCapacityEnd() {
    IndexFile[] fs = files;
    return fs.length == 0 ? 0 : fs[fs.length - 1].baseOffset() + entriesPerFile;
  }

  void append(long offset, long position, int size, int tagHash, long storeTimestamp) {
    IndexFile file = fileFor(offset);
    if (file == null) {
      file = addFile(offset - Math.floorMod(offset, entriesPerFile));
    }
    scratch.clear();
    scratch.putLong(position).putInt(size).putInt(tagHash).putLong(storeTimestamp);
    int checksum = checksum(scratch, offset);
    scratch.putInt(24, checksum).putInt(28, 0);
    if (file != zeroAheadFile) {
      zeroAheadFile = file;
      zeroAhead = new ZeroAhead(file.path(), (long) entriesPerFile * ENTRY_BYTES, slot(offset));
    }
    zeroAhead.ensure(slot(offset) + ENTRY_BYTES);
    file.map().put(slot(offset), scratch.array(), 0, ENTRY_BYTES);
  }

  /**
   * CRC32C of the entry's first 24 bytes followed by its offset (big-endian): the offset is put
   * where the checksum goes, so that one pass covers both.
   */
  private int checksum(ByteBuffer entry, long offset) {
    entry.putLong(24, offset);
    crc.reset();
    crc.update(entry.array(), 0, ENTRY_BYTES);
    return (int) crc.getValue();
  }

  private IndexFile addFile(long base) {
    IndexFile[] fs = files;
    if (fs.length > 0 && fs[fs.length - 1].baseOffset() + entriesPerFile != base) {
      throw new IllegalStateException("index files must stay contiguous; next base " + base);
    }
    Path path = dir.resolve(String.format("%020d%s", base, SUFFIX));
    try {
      IndexFile file = new IndexFile(path, base, map(path, entriesPerFile));
      IndexFile[] grown = Arrays.copyOf(fs, fs.length + 1);
      grown[fs.length] = file;
      files = grown;
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create index file " + path, e);
    }
  }

  private IndexFile fileFor(long offset) {
    IndexFile[] fs = files;
    if (fs.length == 0 || offset < fs[0].baseOffset()) {
      return null;
    }
    long i = (offset - fs[0].baseOffset()) / entriesPerFile;
    return i < fs.length ? fs[(int) i] : null;
  }

  private int slot(long offset) {
    return (int) Math.floorMod(offset, entriesPerFile) * ENTRY_BYTES;
  }

  /** True if the entry for {@code offset} exists and its checksum holds (recovery). */
  boolean isIntact(long offset) {
    IndexFile file = fileFor(offset);
    if (file == null) {
      return false;
    }
    ByteBuffer entry = ByteBuffer.allocate(ENTRY_BYTES);
    file.map().get(slot(offset), entry.array(), 0, 24);
    return checksum(entry, offset) == file.map().getInt(slot(offset) + 24)
        && file.map().getInt(slot(offset) + 8) > 0;
  }

  long position(long offset) {
    IndexFile f = fileFor(offset);
    return f == null ? -1 : f.map().getLong(slot(offset));
  }

  int size(long offset) {
    IndexFile f = fileFor(offset);
    return f == null ? -1 : f.map().getInt(slot(offset) + 8);
  }

  int tagHash(long offset) {
    IndexFile f = fileFor(offset);
    return f == null ? 0 : f.map().getInt(slot(offset) + 12);
  }

  long storeTimestamp(long offset) {
    IndexFile f = fileFor(offset);
    return f == null ? -1 : f.map().getLong(slot(offset) + 16);
  }

  IndexEntry entry(long offset) {
    IndexFile f = fileFor(offset);
    if (f == null) {
      return null;
    }
    int at = slot(offset);
    MappedByteBuffer m = f.map();
    return new IndexEntry(
        offset, m.getLong(at), m.getInt(at + 8), m.getInt(at + 12), m.getLong(at + 16));
  }

  /** Forgets every entry from {@code offset} on (recovery, truncation). */
  void truncateFrom(long offset) throws IOException {
    IndexFile[] fs = files;
    int keep = 0;
    while (keep < fs.length && fs[keep].baseOffset() + entriesPerFile <= offset) {
      keep++;
    }
    if (keep < fs.length && fs[keep].baseOffset() < offset) {
      IndexFile partial = fs[keep];
      MappedByteBuffer m = partial.map();
      for (int at = slot(offset); at < entriesPerFile * ENTRY_BYTES; at += ENTRY_BYTES) {
        if (m.getLong(at) == 0 && m.getLong(at + 8) == 0 && m.getLong(at + 16) == 0) {
          break;
        }
        m.put(at, ZERO_ENTRY);
      }
      keep++;
    }
    files = Arrays.copyOf(fs, keep);
    for (int i = keep; i < fs.length; i++) {
      Files.deleteIfExists(fs[i].path());
    }
  }

  /** Deletes the files whose entries all lie below {@code minOffset} (retention). */
  void deleteFilesBefore(long minOffset) throws IOException {
    IndexFile[] fs = files;
    int drop = 0;
    // The last file stays, even if it is all below minOffset: it keeps the next offset's slot.
    while (drop < fs.length - 1 && fs[drop].baseOffset() + entriesPerFile <= minOffset) {
      drop++;
    }
    if (drop == 0) {
      return;
    }
    files = Arrays.copyOfRange(fs, drop, fs.length);
    for (int i = 0; i < drop; i++) {
      Files.deleteIfExists(fs[i].path());
    }
  }

  /** Forces the entries in {@code [from, to)} to disk. */
  void force(long from, long to) {
    for (long o = from; o < to; ) {
      IndexFile f = fileFor(o);
      long fileEnd = f == null ? to : Math.min(to, f.baseOffset() + entriesPerFile);
      if (f != null) {
        f.map().force(slot(o), (int) (fileEnd - o) * ENTRY_BYTES);
      }
      o = fileEnd;
    }
  }

  @Override
  public void close() {
    files = new IndexFile[0];
  }
}
