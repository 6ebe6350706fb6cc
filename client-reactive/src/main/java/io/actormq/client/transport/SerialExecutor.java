package io.actormq.client.transport;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs submitted tasks one at a time, in submission order, on a shared pool. Each stream stage owns
 * one, so its state needs no locks and its Reactive Streams signals are serial by construction
 * (rule 1.3), while many stages share a few threads. A task submitted from inside a task runs after
 * it, never re-entrantly.
 */
public final class SerialExecutor implements Executor {

  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor pool;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();

  public SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (pending.getAndIncrement() == 0) {
      pool.execute(this::drain);
    }
  }

  private void drain() {
    // Tasks are queued before they are counted, so a positive count always has a task to poll.
    int budget = 256;
    while (true) {
      Runnable task = tasks.poll();
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        // A stage's own code failed: keep the lane alive for the stage's other signals.
        LOG.error("task on a serial lane failed", e);
      }
      if (pending.decrementAndGet() == 0) {
        return;
      }
      // Hand the thread back now and then so one busy lane cannot starve the others.
      if (--budget == 0) {
        pool.execute(this::drain);
        return;
      }
    }
  }
}
