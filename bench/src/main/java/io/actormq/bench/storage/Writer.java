package io.actormq.bench.storage;

import io.actormq.persistence.log.Appended;
import io.actormq.persistence.log.QueueLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The single writer that concurrent producers feed, as a queue actor is fed by its mailbox: it
 * drains whatever is waiting and appends it as one batch, then completes each producer's future
 * when the batch is durable.
 */
final class Writer implements AutoCloseable {

  private record Request(ByteBuffer record, CompletableFuture<Long> done) {}

  private final QueueLog log;
  private final int maxBatch;
  private final ConcurrentLinkedQueue<Request> inbox = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  Writer(QueueLog log, int maxBatch) {
    this.log = log;
    this.maxBatch = maxBatch;
    this.thread = new Thread(this::run, "bench-writer");
    this.thread.start();
  }

  CompletableFuture<Long> submit(ByteBuffer record) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    inbox.add(new Request(record, done));
    LockSupport.unpark(thread);
    return done;
  }

  private void run() {
    List<Request> batch = new ArrayList<>(maxBatch);
    List<ByteBuffer> records = new ArrayList<>(maxBatch);
    while (running) {
      for (Request r; batch.size() < maxBatch && (r = inbox.poll()) != null; ) {
        batch.add(r);
        records.add(r.record());
      }
      if (batch.isEmpty()) {
        // Every submit unparks: an idle writer costs nothing, as an actor without mail does.
        LockSupport.park(this);
        continue;
      }
      try {
        Appended appended = log.append(records);
        List<Request> acked = List.copyOf(batch);
        appended
            .durable()
            .whenComplete(
                (ok, failure) -> {
                  for (int i = 0; i < acked.size(); i++) {
                    if (failure != null) {
                      acked.get(i).done().completeExceptionally(failure);
                    } else {
                      acked.get(i).done().complete(appended.firstOffset() + i);
                    }
                  }
                });
      } catch (IOException e) {
        batch.forEach(r -> r.done().completeExceptionally(new UncheckedIOException(e)));
      }
      batch.clear();
      records.clear();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    LockSupport.unpark(thread);
    thread.join();
  }
}
