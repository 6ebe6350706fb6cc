package io.actormq.multijvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * A node's log file: the stdout and stderr of every incarnation appended, each after a marker line
 * naming its arguments, so that one file tells a node's whole story in a test.
 */
final class NodeLog {

  private final Path file;
  // Where the current incarnation's output starts.
  private long incarnationStart;

  NodeLog(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** Writes the marker of a new incarnation; what the process prints follows it. */
  void beginIncarnation(String name, int incarnation, List<String> arguments) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          String.format(
              "%n===== %s: incarnation %d at %s: %s %s%n",
              name,
              incarnation,
              Instant.now(),
              ChildBrokerMain.class.getSimpleName(),
              String.join(" ", arguments)),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      incarnationStart = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** What the current incarnation printed so far. */
  String currentIncarnation() {
    try {
      byte[] all = Files.readAllBytes(file);
      int from = (int) Math.min(incarnationStart, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The last lines, for failure messages; never throws. */
  String tail(int lines) {
    try {
      if (!Files.exists(file)) {
        return "(no log yet at " + file + ")";
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(
          System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
