package io.actormq.multijvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker node in its own JVM on 127.0.0.1: the test JVM's class path, its own data directory,
 * its own client port and Artery port, stdout and stderr appended to {@link #logFile()}. It keeps
 * its data directory and ports across {@link #kill()}, {@link #stop()} and {@link #restart()}, as a
 * node on a real machine would. Made by {@link BrokerProcesses}, which reaps it.
 */
public final class BrokerProcess {

  private static final Logger log = LoggerFactory.getLogger(BrokerProcess.class);

  /** How long a start may take on a machine busy with other builds. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /** How long a graceful stop may take before the node is killed and the stop fails. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  // The JVM flags of bin/actormq and the root pom's surefire argLine (shared/ref/pekko-stack.md);
  // a modest heap, since several of these share two cores and the test JVM's memory.
  private static final List<String> JVM_FLAGS =
      List.of(
          "--add-exports",
          "java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.nio=ALL-UNNAMED",
          "--add-opens",
          "java.base/sun.nio.ch=ALL-UNNAMED",
          "-Xmx384m",
          "-XX:+UseSerialGC",
          // Startup on a loaded machine is mostly JIT work; C1 alone starts a node in about
          // half the CPU time, and these tests measure durability, not peak throughput.
          "-XX:TieredStopAtLevel=1");

  private final String name;
  private final Path dataDir;
  private final NodeLog nodeLog;
  private final Map<String, String> overrides;
  private final Reaper reaper;
  private int port;
  private int arteryPort;
  private Process process;
  private int incarnation;

  BrokerProcess(String name, Path dir, Map<String, String> overrides, Reaper reaper) {
    this.name = name;
    this.dataDir = dir.resolve("data");
    this.nodeLog = new NodeLog(dir.resolve(name + ".log"));
    this.overrides = new LinkedHashMap<>(overrides);
    this.reaper = reaper;
    pickPorts();
  }

  public String name() {
    return name;
  }

  /**
   * Sets a configuration key for the next launch: for settings that name other nodes' ports, which
   * are known only once those nodes are made (a cluster's seed nodes).
   */
  public void configure(String key, String value) {
    overrides.put(key, value);
  }

  /** What the official client's {@code setNamesrvAddr} takes: any node answers route requests. */
  public String namesrvAddr() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public int arteryPort() {
    return arteryPort;
  }

  /** The node's Pekko remoting address without protocol and system name, for seed-node lists. */
  public String arteryHostPort() {
    return "127.0.0.1:" + arteryPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Everything the node printed, every incarnation appended, each after a marker line. */
  public Path logFile() {
    return nodeLog.file();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    requireStarted();
    return process.pid();
  }

  /**
   * Starts the node on fresh ports and waits until it answers a remoting request. A clash with
   * another process over a port picks new ones and tries again.
   */
  void startOnFreePorts() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    launch();
    while (!awaitReady(deadline)) {
      log.info("{}: port {} or {} was taken meanwhile; trying fresh ports", name, port, arteryPort);
      pickPorts();
      launch();
    }
  }

  /**
   * Kills the node with SIGKILL (no shutdown hook, no flush, no goodbye to clients) and waits until
   * the OS has reaped it.
   */
  public void kill() {
    requireStarted();
    process.destroyForcibly();
    if (!awaitExit(STOP_TIMEOUT)) {
      throw new IllegalStateException(name + " outlived SIGKILL by " + STOP_TIMEOUT);
    }
    log.info("{}: killed (SIGKILL), pid {}", name, process.pid());
  }

  /**
   * Stops the node with SIGTERM, which runs its coordinated shutdown, and waits for it to exit.
   *
   * @return the exit code (143 is a JVM ended by SIGTERM)
   * @throws IllegalStateException if it does not exit within {@link #STOP_TIMEOUT}; it is then
   *     killed
   */
  public int stop() {
    requireStarted();
    // Through the handle: Process.destroy() also closes the child's stdin, which
    // ChildBrokerMain takes for the death of this JVM, and halts before its graceful stop is done.
    process.toHandle().destroy();
    if (!awaitExit(STOP_TIMEOUT)) {
      process.destroyForcibly();
      awaitExit(STOP_TIMEOUT);
      throw new IllegalStateException(
          name
              + " did not stop within "
              + STOP_TIMEOUT
              + " of SIGTERM; killed. Log: "
              + nodeLog.file());
    }
    log.info("{}: stopped (SIGTERM), exit code {}", name, process.exitValue());
    return process.exitValue();
  }

  /**
   * Starts the node on its data directory and ports (the first time for a node made with {@link
   * BrokerProcesses#create}, again after {@link #kill()} or {@link #stop()}) and waits until it
   * answers. The ports are the node's identity to its clients and peers, so a clash is waited out
   * rather than avoided.
   *
   * @return how long the node took from launch to its first answer
   */
  public Duration start() {
    Instant launched = Instant.now();
    launch();
    awaitReadyOnOwnPorts(launched.plus(START_TIMEOUT));
    return Duration.between(launched, Instant.now());
  }

  /** As {@link #start()}: reads better after {@link #kill()} or {@link #stop()}. */
  public Duration restart() {
    return start();
  }

  /** Waits until the launched node answers, relaunching it on the same ports after a clash. */
  void awaitReadyOnOwnPorts(Instant deadline) {
    while (!awaitReady(deadline)) {
      log.info("{}: port {} or {} still taken; launching again", name, port, arteryPort);
      pause(POLL_INTERVAL.multipliedBy(5));
      launch();
    }
  }

  /**
   * Closes the child's stdin as the death of this JVM would, and waits for the child to exit.
   *
   * @return its exit code
   */
  int orphan() throws IOException {
    requireStarted();
    process.getOutputStream().close();
    if (!awaitExit(STOP_TIMEOUT)) {
      throw new IllegalStateException(name + " outlived its stdin by " + STOP_TIMEOUT);
    }
    return process.exitValue();
  }

  /** Ends the process however it is, without waiting politely: for the reaper. */
  void destroyForcibly() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      awaitExit(STOP_TIMEOUT);
    }
  }

  /** The last lines of the log, for failure messages. */
  public String logTail(int lines) {
    return nodeLog.tail(lines);
  }

  @Override
  public String toString() {
    return name
        + "["
        + namesrvAddr()
        + ", artery "
        + arteryPort
        + ", "
        + (isAlive() ? "pid " + process.pid() : "down")
        + "]";
  }

  private void pickPorts() {
    port = FreePorts.next();
    arteryPort = FreePorts.next();
  }

  /**
   * Polls the launched node until it answers.
   *
   * @return false if the process exited because a port was in use
   * @throws IllegalStateException if it exited for another reason, or the deadline passed
   */
  private boolean awaitReady(Instant deadline) {
    InetSocketAddress address = new InetSocketAddress(FreePorts.LOOPBACK, port);
    IOException lastFailure = null;
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        if (bindClash()) {
          return false;
        }
        throw new IllegalStateException(
            name
                + " exited with code "
                + process.exitValue()
                + " while starting. Log "
                + nodeLog.file()
                + ":\n"
                + logTail(40));
      }
      try {
        int code = RemotingProbe.routeInfoCode(address, PROBE_TIMEOUT);
        log.info(
            "{}: ready on {} (route probe answered code {}), pid {}",
            name,
            namesrvAddr(),
            code,
            process.pid());
        return true;
      } catch (IOException e) {
        lastFailure = e;
      }
      // Wakes early when the process dies, so a failed start is seen at once.
      awaitExit(POLL_INTERVAL);
    }
    destroyForcibly();
    throw new IllegalStateException(
        name
            + " did not answer on "
            + namesrvAddr()
            + " within "
            + START_TIMEOUT
            + " (last probe: "
            + lastFailure
            + "). Log "
            + nodeLog.file()
            + ":\n"
            + logTail(40));
  }

  /** Launches the JVM without waiting for it. */
  void launch() {
    if (isAlive()) {
      throw new IllegalStateException(name + " is still running; kill() or stop() it first");
    }
    incarnation++;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.add("-Dactormq.multijvm.node=" + name);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChildBrokerMain.class.getName());
    List<String> arguments = new ArrayList<>();
    arguments.add("--port");
    arguments.add(Integer.toString(port));
    arguments.add("--data");
    arguments.add(dataDir.toString());
    arguments.add("-Dactormq.broker.host=127.0.0.1");
    arguments.add("-Dpekko.remote.artery.canonical.hostname=127.0.0.1");
    arguments.add("-Dpekko.remote.artery.canonical.port=" + arteryPort);
    overrides.forEach((key, value) -> arguments.add("-D" + key + "=" + value));
    command.addAll(arguments);
    try {
      Files.createDirectories(dataDir);
      nodeLog.beginIncarnation(name, incarnation, arguments);
      // stdin stays a pipe that we never write: ChildBrokerMain halts when it closes.
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeLog.file().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot launch " + name, e);
    }
    reaper.track(process);
    log.info(
        "{}: launched pid {} on port {} (artery {}), data {}, log {}",
        name,
        process.pid(),
        port,
        arteryPort,
        dataDir,
        nodeLog.file());
  }

  /** Whether the current incarnation failed because a port was taken (by the OS's words). */
  private boolean bindClash() {
    String output = nodeLog.currentIncarnation().toLowerCase(Locale.ROOT);
    return output.contains("address already in use") || output.contains("bindexception");
  }

  private boolean awaitExit(Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void requireStarted() {
    if (process == null) {
      throw new IllegalStateException(name + " was never started");
    }
  }
}
