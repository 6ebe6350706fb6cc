package io.actormq.persistence.log;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that force logs to disk, shared by many {@link QueueLog}s so that a broker with
 * thousands of queues does not need thousands of flusher threads.
 *
 * <p>Two duties: every {@code interval} it checkpoints each registered log (force log, index and
 * key index, then record the checkpoint), which is all an {@link FlushPolicy#ASYNC} log needs; and
 * it serves {@link FlushPolicy#SYNC} flush requests with group commit: every request that arrived
 * while the previous fsync ran is covered by the next single fsync of its log. Writers never wait.
 *
 * <p>The flusher thread only forces; a second thread completes the requests' futures (and so runs
 * their callbacks), so the next fsync starts while the previous group is still being acknowledged.
 * Completing a future may wake a waiting thread, and waking a few dozen costs as much as an fsync:
 * done on the flusher thread, it would hold every later request back by that much. After a group
 * commit the flusher also zeroes ahead of the writer of each log it forced (see {@link
 * LogConfig#zeroAheadBytes()}), off the writer's path, and then waits a little for the group's
 * producers to come back before it forces again (see {@link CommitGathering}).
 */
public final class FlushService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FlushService.class);

  private record SyncRequest(
      QueueLog log, long position, int records, CompletableFuture<Void> done) {}

  /** A served group: its requests in arrival order and, per request, null or why it failed. */
  private record Served(List<SyncRequest> requests, List<Throwable> failures) {}

  /** How long a group commit waits for more records at most, unless told otherwise. */
  public static final Duration DEFAULT_MAX_GATHER_WAIT = Duration.ofMillis(1);

  private final Duration interval;
  private final Set<QueueLog> logs = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<SyncRequest> requests = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Served> served = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private final Thread completer;
  private volatile boolean running = true;
  private volatile boolean flusherDone;
  private final AtomicLong fsyncs = new AtomicLong();
  private final CommitGathering gathering;

  /** Records asked to be made durable so far, across logs: what a gathering flusher counts. */
  private final AtomicLong arrivedRecords = new AtomicLong();

  /**
   * A requester wakes the flusher once {@link #arrivedRecords} reaches this; while it gathers, the
   * group's target, so that the flusher is woken once rather than by every request.
   */
  private volatile long wakeAt = Long.MIN_VALUE;

  private final List<QueueLog> distinct = new ArrayList<>();
  private final List<Throwable> logFailures = new ArrayList<>();

  private FlushService(String name, Duration interval, Duration maxGatherWait) {
    this.interval = interval;
    this.gathering = new CommitGathering(maxGatherWait.toNanos());
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.completer = new Thread(this::complete, name + "-acks");
    this.completer.setDaemon(true);
  }

  /**
   * Starts a flusher that checkpoints every {@code interval} and gathers group commits for at most
   * {@link #DEFAULT_MAX_GATHER_WAIT}.
   */
  public static FlushService start(String name, Duration interval) {
    return start(name, interval, DEFAULT_MAX_GATHER_WAIT);
  }

  /**
   * Starts a flusher that checkpoints every {@code interval}.
   *
   * @param maxGatherWait the longest a group commit waits for more records (never longer than its
   *     last fsync took); zero forces as soon as anything is pending
   */
  public static FlushService start(String name, Duration interval, Duration maxGatherWait) {
    if (maxGatherWait.isNegative()) {
      throw new IllegalArgumentException("maxGatherWait must not be negative: " + maxGatherWait);
    }
    FlushService service = new FlushService(name, interval, maxGatherWait);
    service.completer.start();
    service.thread.start();
    return service;
  }

  /** Group-commit fsyncs done so far: fewer than the SYNC appends they covered. */
  public long groupCommits() {
    return fsyncs.get();
  }

  /** How group commits gathered so far: waits, waits in vain, mean wait and fsync times. */
  public String gatheringStats() {
    return String.format(
        Locale.ROOT,
        "%d of %d groups waited (%d in vain), %.1f us on average; %.1f us per fsync",
        gathering.waits(),
        gathering.forcedGroups(),
        gathering.fruitlessWaits(),
        gathering.meanWaitNanos() / 1e3,
        gathering.meanFsyncNanos() / 1e3);
  }

  void register(QueueLog queueLog) {
    logs.add(queueLog);
  }

  void unregister(QueueLog queueLog) {
    logs.remove(queueLog);
  }

  /**
   * Completes once {@code queueLog} is durable up to {@code position}, which covers the {@code
   * records} just appended. Any thread.
   */
  CompletableFuture<Void> requestSync(QueueLog queueLog, long position, int records) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!running) {
      done.completeExceptionally(new IllegalStateException("flush service is closed"));
      return done;
    }
    requests.add(new SyncRequest(queueLog, position, records, done));
    if (arrivedRecords.addAndGet(records) >= wakeAt) {
      LockSupport.unpark(thread);
    }
    return done;
  }

  private void run() {
    long nextCheckpoint = System.nanoTime() + interval.toNanos();
    try {
      while (running || !requests.isEmpty()) {
        drainAndSync(true);
        gather();
        long now = System.nanoTime();
        if (now - nextCheckpoint >= 0) {
          checkpointAll();
          long took = System.nanoTime() - now;
          // A pass over a thousand busy logs can outlast the interval. Back to back, passes would
          // keep the disk and a core busy forcing pages: the flusher rests four times as long as
          // it worked, so the interval stretches with the number of busy logs.
          nextCheckpoint = System.nanoTime() + Math.max(interval.toNanos(), 4 * took);
        }
        if (requests.isEmpty() && running) {
          LockSupport.parkNanos(this, Math.max(0, nextCheckpoint - System.nanoTime()));
        }
      }
    } finally {
      flusherDone = true;
      LockSupport.unpark(completer);
    }
  }

  /** Waits while {@link #gathering} says the last group's producers are still coming back. */
  private void gather() {
    long left;
    while (running
        && (left = gathering.remainingNanos(arrivedRecords.get(), System.nanoTime())) > 0) {
      wakeAt = gathering.target();
      // Read after publishing wakeAt: a request counted after this read sees the new wakeAt.
      if (arrivedRecords.get() < gathering.target()) {
        LockSupport.parkNanos(this, left);
      }
    }
    wakeAt = Long.MIN_VALUE;
  }

  /**
   * Forces what was requested and hands the group to the acknowledging thread.
   *
   * @param gatherNext whether the caller will {@link #gather} next, so the group counts for {@link
   *     #gathering}; groups served during a checkpoint pass are not followed by one
   */
  private void drainAndSync(boolean gatherNext) {
    List<SyncRequest> batch = null;
    for (SyncRequest r; (r = requests.poll()) != null; ) {
      if (batch == null) {
        batch = new ArrayList<>();
      }
      batch.add(r);
    }
    if (batch == null) {
      return;
    }
    // Usually one log; each distinct log gets exactly one fsync for the whole batch, which covers
    // every request in it because a request is made only after its append was published.
    distinct.clear();
    logFailures.clear();
    for (SyncRequest r : batch) {
      if (r.log().flushedPosition() < r.position() && !distinct.contains(r.log())) {
        distinct.add(r.log());
      }
    }
    long forceStart = System.nanoTime();
    for (QueueLog target : distinct) {
      Throwable failure = null;
      try {
        target.flushLog();
        fsyncs.incrementAndGet();
      } catch (RuntimeException e) {
        failure = e;
        log.error("fsync of {} failed", target, e);
      }
      logFailures.add(failure);
    }
    if (gatherNext) {
      long forced = System.nanoTime();
      int groupRecords = 0;
      for (SyncRequest r : batch) {
        groupRecords += r.records();
      }
      // Counted before the group is acknowledged, so none of its producers' next records is in it.
      gathering.forced(
          arrivedRecords.get(),
          groupRecords,
          distinct.isEmpty() ? 0 : (forced - forceStart) / distinct.size(),
          forced);
    }
    List<Throwable> failures = new ArrayList<>(batch.size());
    for (SyncRequest r : batch) {
      int i = distinct.indexOf(r.log());
      failures.add(i < 0 ? null : logFailures.get(i));
    }
    served.add(new Served(batch, failures));
    LockSupport.unpark(completer);
    for (QueueLog target : distinct) {
      target.zeroAhead();
    }
  }

  private void complete() {
    while (true) {
      Served group = served.poll();
      if (group != null) {
        for (int i = 0; i < group.requests().size(); i++) {
          Throwable failure = group.failures().get(i);
          CompletableFuture<Void> done = group.requests().get(i).done();
          if (failure == null) {
            done.complete(null);
          } else {
            done.completeExceptionally(failure);
          }
        }
      } else if (flusherDone && served.isEmpty()) {
        return;
      } else {
        LockSupport.park(this);
      }
    }
  }

  private void checkpointAll() {
    for (QueueLog queueLog : logs) {
      // Group commits do not wait for a long pass.
      drainAndSync(false);
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
      completer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checkpointAll();
  }
}
