package io.actormq.multijvm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every child process this JVM started and that still runs, destroyed forcibly by a shutdown hook
 * if the test JVM exits with some still alive (an aborted run, a crash in a test's teardown). The
 * JUnit extension reaps after each test; this is the net under it. A test JVM killed with SIGKILL
 * runs no hook: then {@link ChildBrokerMain}'s stdin guard ends the children.
 */
final class Reaper {

  static final Reaper INSTANCE = new Reaper();

  private final Set<Process> alive = ConcurrentHashMap.newKeySet();

  private Reaper() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::destroyAll, "multijvm-reaper"));
  }

  void track(Process process) {
    alive.add(process);
    process.onExit().thenRun(() -> alive.remove(process));
  }

  private void destroyAll() {
    for (Process p : alive) {
      p.destroyForcibly();
    }
  }
}
