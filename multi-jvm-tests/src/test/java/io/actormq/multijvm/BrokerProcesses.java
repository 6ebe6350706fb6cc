package io.actormq.multijvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JUnit 5 extension that starts broker JVMs for a test and reaps every one of them after it,
 * passed or failed; a failed test gets each node's log file and last lines in its report.
 *
 * <pre>
 * &#64;RegisterExtension final BrokerProcesses brokers = new BrokerProcesses();
 * ...
 * BrokerProcess node = brokers.start("a", Map.of("actormq.storage.flush", "sync"));
 * node.kill();
 * node.restart();
 * </pre>
 *
 * Nodes that must know each other's addresses before they start (seed nodes) are made with {@link
 * #create} and started together with {@link #startAll}.
 *
 * <p>Each node gets {@code <actormq.multijvm.dir>/<test class>/<test method>/<node name>/} (under
 * {@code target/multijvm} in a Maven build) holding its data directory and its log; the folder is
 * emptied when the test starts and left in place afterwards for inspection.
 */
public final class BrokerProcesses
    implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

  private static final Logger log = LoggerFactory.getLogger(BrokerProcesses.class);
  private static final int LOG_LINES_ON_FAILURE = 40;

  private final List<BrokerProcess> made = new ArrayList<>();
  private Path testDir;

  /**
   * Starts a node on fresh ports and waits until it answers remoting requests.
   *
   * @param name the node's folder and log name, unique within the test
   * @param overrides configuration keys passed as {@code -Dkey=value} (actormq.* and pekko.*)
   */
  public BrokerProcess start(String name, Map<String, String> overrides) {
    BrokerProcess broker = create(name, overrides);
    broker.startOnFreePorts();
    return broker;
  }

  /**
   * A node with its ports chosen and its folder made, not started: for a cluster, whose nodes name
   * each other's Artery addresses in their configuration before any starts. Start it with {@link
   * BrokerProcess#start()} or {@link #startAll}.
   */
  public BrokerProcess create(String name, Map<String, String> overrides) {
    if (testDir == null) {
      throw new IllegalStateException("nodes are made inside a test method");
    }
    for (BrokerProcess b : made) {
      if (b.name().equals(name)) {
        throw new IllegalArgumentException("a node named " + name + " exists in this test");
      }
    }
    BrokerProcess broker =
        new BrokerProcess(name, testDir.resolve(name), overrides, Reaper.INSTANCE);
    made.add(broker);
    return broker;
  }

  /**
   * Launches the nodes together, so their JVMs start side by side (and a cluster's seed nodes find
   * each other), then waits until each answers.
   */
  public void startAll(List<BrokerProcess> nodes) {
    Instant deadline = Instant.now().plus(BrokerProcess.START_TIMEOUT);
    nodes.forEach(BrokerProcess::launch);
    for (BrokerProcess node : nodes) {
      node.awaitReadyOnOwnPorts(deadline);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    Path root = Path.of(System.getProperty("actormq.multijvm.dir", "target/multijvm"));
    testDir =
        root.resolve(context.getRequiredTestClass().getSimpleName())
            .resolve(context.getRequiredTestMethod().getName())
            .toAbsolutePath();
    deleteTree(testDir);
    Files.createDirectories(testDir);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      for (BrokerProcess b : made) {
        context.publishReportEntry("broker log " + b.name(), b.logFile().toString());
        log.error(
            "{} log {} ends with:{}{}",
            b,
            b.logFile(),
            System.lineSeparator(),
            b.logTail(LOG_LINES_ON_FAILURE));
      }
    }
    reap();
    testDir = null;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    reap();
  }

  private void reap() {
    for (BrokerProcess b : made) {
      if (b.isAlive()) {
        log.info("reaping {}", b);
        b.destroyForcibly();
      }
    }
    made.clear();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
