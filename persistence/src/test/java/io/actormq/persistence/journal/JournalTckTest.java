package io.actormq.persistence.journal;

import java.nio.file.Path;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;

/**
 * Pekko's journal TCK against {@link ActorMQJournal}, in a fresh directory. A ScalaTest suite: the
 * ScalaTest engine of org.scalatestplus:junit-5-10 runs it on the JUnit Platform under Surefire.
 */
public class JournalTckTest extends JavaJournalSpec {

  private static final ThreadLocal<Path> nextRoot = new ThreadLocal<>();

  private final Path root;

  public JournalTckTest() {
    super(TckDirs.pluginConfig(newRoot()));
    this.root = nextRoot.get();
    nextRoot.remove();
  }

  private static Path newRoot() {
    Path dir = TckDirs.newTempDir("actormq-journal-tck");
    nextRoot.set(dir);
    return dir;
  }

  @Override
  public CapabilityFlag supportsMetadata() {
    return CapabilityFlag.on();
  }

  @Override
  public void afterAll() {
    try {
      super.afterAll();
    } finally {
      TckDirs.deleteRecursively(root);
    }
  }
}
