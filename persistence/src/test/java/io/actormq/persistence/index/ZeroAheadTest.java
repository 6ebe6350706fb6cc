package io.actormq.persistence.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZeroAheadTest {

  @TempDir Path dir;

  @Test
  void writesZerosAWindowAheadFromTheEndOfValidDataOnly() throws Exception {
    Path file = dir.resolve("index");
    long size = 4L * ZeroAhead.WINDOW;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
      raf.seek(0);
      raf.write(new byte[] {1, 2, 3, 4, 5});
      raf.seek(200);
      raf.write(new byte[] {9, 9, 9});
    }
    ZeroAhead ahead = new ZeroAhead(file, size, 5);

    ahead.ensure(6);
    assertThat(ahead.prepared()).isEqualTo(5 + ZeroAhead.WINDOW);
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).startsWith(1, 2, 3, 4, 5);
    // Past the valid end: stale bytes are zeroed, the data below is kept.
    assertThat(bytes[200]).isZero();

    ahead.ensure(10);
    assertThat(ahead.prepared()).isEqualTo(5 + ZeroAhead.WINDOW);
    ahead.ensure(3L * ZeroAhead.WINDOW);
    assertThat(ahead.prepared()).isEqualTo(3L * ZeroAhead.WINDOW);
    ahead.ensure(size + 100);
    assertThat(ahead.prepared()).isEqualTo(size);
    assertThat(Files.size(file)).isEqualTo(size);
  }
}
