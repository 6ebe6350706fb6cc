package io.actormq.persistence.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetsFileTest {

  @TempDir Path dir;

  @Test
  void savesAndLoadsTheWholeMap() throws IOException {
    Path file = dir.resolve("offsets");
    assertThat(OffsetsFile.load(file)).isEmpty();
    OffsetsFile.save(file, Map.of("group-a", 10L, "grüppe-β", 1L << 40));
    OffsetsFile.save(file, Map.of("group-a", 11L, "grüppe-β", (1L << 40) + 1));
    assertThat(OffsetsFile.load(file))
        .containsExactlyInAnyOrderEntriesOf(Map.of("group-a", 11L, "grüppe-β", (1L << 40) + 1));
  }

  @Test
  void aDamagedFileFallsBackToTheBackup() throws IOException {
    Path file = dir.resolve("offsets");
    OffsetsFile.save(file, Map.of("g", 1L));
    OffsetsFile.save(file, Map.of("g", 2L));
    byte[] bytes = Files.readAllBytes(file);
    bytes[9] ^= 0x40;
    Files.write(file, bytes);
    assertThat(OffsetsFile.load(file)).containsEntry("g", 1L);
    Files.delete(file);
    assertThat(OffsetsFile.load(file)).containsEntry("g", 1L);
  }
}
