package io.actormq.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFilesTest {

  // A JVM's stat line; the command name holds a space and a parenthesis on purpose.
  private static final String STAT =
      "13600 (java (x) y) S 13590 13590 5230 0 -1 1077936384 96093 0 12 0 1523 311 0 0 20 0 57"
          + " 0 933442 4236312576 126085 18446744073709551615 1 1 0 0 0 0 0 4096 17357 0 0 0 17"
          + " 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

  private static final String STATUS =
      """
      Name:	java
      Umask:	0022
      State:	S (sleeping)
      VmPeak:	 4236312 kB
      VmRSS:	  504340 kB
      RssAnon:	  318124 kB
      RssFile:	  186216 kB
      RssShmem:	       0 kB
      Threads:	57
      """;

  @Test
  void cpuTicksAreUtimePlusStimeCountedFromTheLastParenthesis() {
    assertThat(ProcFiles.cpuTicks(STAT)).isEqualTo(1523 + 311);
  }

  @Test
  void aTruncatedStatLineIsRefused() {
    assertThatThrownBy(() -> ProcFiles.cpuTicks("13600 (java) S 1 2 3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fields");
    assertThatThrownBy(() -> ProcFiles.cpuTicks("no parenthesis here"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rssAnonIsReadInKibAndMissingOnOldKernels() {
    assertThat(ProcFiles.rssAnonKib(STATUS)).isEqualTo(318124);
    assertThat(ProcFiles.rssAnonKib("Name:\tjava\nVmRSS:\t  504340 kB\n")).isEqualTo(-1);
  }

  @Test
  void theSamplerTakesCpuOverTheWindowAndThePeakOfRssAnon(@TempDir Path proc) throws IOException {
    ProcessSampler sampler = new ProcessSampler(proc, 100);
    Files.writeString(proc.resolve("stat"), STAT);
    Files.writeString(proc.resolve("status"), STATUS);
    sampler.start();

    Files.writeString(proc.resolve("status"), STATUS.replace("318124", "700000"));
    sampler.sample();
    Files.writeString(proc.resolve("status"), STATUS.replace("318124", "400000"));
    Files.writeString(proc.resolve("stat"), STAT.replace(" 1523 311 ", " 1773 361 "));
    sampler.stop();

    assertThat(sampler.cpuSeconds()).isCloseTo(3.0, within(1e-9));
    assertThat(sampler.peakRssAnonMib()).isCloseTo(700000 / 1024.0, within(1e-9));
  }

  @Test
  void aProcessThatIsNotThereFailsTheStart(@TempDir Path proc) {
    ProcessSampler sampler = new ProcessSampler(proc.resolve("999999999"), 100);

    assertThatThrownBy(sampler::start).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void thisJvmCanBeSampled() {
    ProcessSampler self = ProcessSampler.self(100);
    self.start();
    self.stop();

    assertThat(self.cpuSeconds()).isGreaterThanOrEqualTo(0);
    assertThat(self.peakRssAnonMib()).isPositive();
  }
}
