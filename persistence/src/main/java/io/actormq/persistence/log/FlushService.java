package io.actormq.persistence.log;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that forces logs to disk, shared by many {@link QueueLog}s so that a broker with
 * thousands of queues does not need thousands of flusher threads.
 *
 * <p>Two duties: every {@code interval} it checkpoints each registered log (force log, index and
 * key index, then record the checkpoint), which is all an {@link FlushPolicy#ASYNC} log needs; and
 * it serves {@link FlushPolicy#SYNC} flush requests with group commit: every request that arrived
 * while the previous fsync ran is covered by the next single fsync of its log, and each request's
 * future completes on this thread once its position is durable. Writers never wait.
 */
public final class FlushService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FlushService.class);

  private record SyncRequest(QueueLog log, long position, CompletableFuture<Void> done) {}

  private final Duration interval;
  private final Set<QueueLog> logs = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<SyncRequest> requests = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;
  private final AtomicLong fsyncs = new AtomicLong();
  private final List<QueueLog> distinct = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();

  private FlushService(String name, Duration interval) {
    this.interval = interval;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  /** Starts a flusher thread that checkpoints every {@code interval}. */
  public static FlushService start(String name, Duration interval) {
    FlushService service = new FlushService(name, interval);
    service.thread.start();
    return service;
  }

  /** Group-commit fsyncs done so far: fewer than the SYNC appends they covered. */
  public long groupCommits() {
    return fsyncs.get();
  }

  void register(QueueLog queueLog) {
    logs.add(queueLog);
  }

  void unregister(QueueLog queueLog) {
    logs.remove(queueLog);
  }

  /** Completes once {@code queueLog} is durable up to {@code position}. Any thread. */
  CompletableFuture<Void> requestSync(QueueLog queueLog, long position) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!running) {
      done.completeExceptionally(new IllegalStateException("flush service is closed"));
      return done;
    }
    requests.add(new SyncRequest(queueLog, position, done));
    LockSupport.unpark(thread);
    return done;
  }

  private void run() {
    long nextCheckpoint = System.nanoTime() + interval.toNanos();
    List<SyncRequest> batch = new ArrayList<>();
    while (running || !requests.isEmpty()) {
      drainAndSync(batch);
      long now = System.nanoTime();
      if (now - nextCheckpoint >= 0) {
        checkpointAll();
        nextCheckpoint = now + interval.toNanos();
      }
      if (requests.isEmpty() && running) {
        LockSupport.parkNanos(this, Math.max(0, nextCheckpoint - System.nanoTime()));
      }
    }
  }

  private void drainAndSync(List<SyncRequest> batch) {
    for (SyncRequest r; (r = requests.poll()) != null; ) {
      batch.add(r);
    }
    if (batch.isEmpty()) {
      return;
    }
    // Usually one log; each distinct log gets exactly one fsync for the whole batch, which covers
    // every request in it because a request is made only after its append was published.
    distinct.clear();
    failures.clear();
    for (SyncRequest r : batch) {
      if (r.log().flushedPosition() < r.position() && !distinct.contains(r.log())) {
        distinct.add(r.log());
      }
    }
    for (QueueLog target : distinct) {
      Throwable failure = null;
      try {
        target.flushLog();
        fsyncs.incrementAndGet();
      } catch (RuntimeException e) {
        failure = e;
        log.error("fsync of {} failed", target, e);
      }
      failures.add(failure);
    }
    for (SyncRequest r : batch) {
      int i = distinct.indexOf(r.log());
      Throwable failure = i < 0 ? null : failures.get(i);
      if (failure == null) {
        r.done().complete(null);
      } else {
        r.done().completeExceptionally(failure);
      }
    }
    batch.clear();
  }

  private void checkpointAll() {
    for (QueueLog queueLog : logs) {
      try {
        queueLog.checkpoint();
      } catch (RuntimeException e) {
        log.error("checkpoint of {} failed", queueLog, e);
      }
    }
  }

  /** Serves the requests already queued, checkpoints every log once more, and stops. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checkpointAll();
  }
}
