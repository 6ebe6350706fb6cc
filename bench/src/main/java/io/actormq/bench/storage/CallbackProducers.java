package io.actormq.bench.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Producers that hold no thread while they wait, as remote clients do from the broker's point of
 * view: each has exactly one append in flight and sends its next record only from the callback that
 * reports the previous one durable. Compared with a thread per producer, this leaves out the two
 * context switches per record that blocking costs, which on two cores outweigh the engine.
 */
final class CallbackProducers {

  static final int RECORDS_PER_ROUND = 20_000;

  private final Writer writer;
  private final ByteBuffer record;
  private final AtomicInteger toSend = new AtomicInteger(RECORDS_PER_ROUND);
  private final CountDownLatch durable = new CountDownLatch(RECORDS_PER_ROUND);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private CallbackProducers(Writer writer, ByteBuffer record) {
    this.writer = writer;
    this.record = record;
  }

  /** Runs {@code producers} producers until {@link #RECORDS_PER_ROUND} records are durable. */
  static long round(Writer writer, ByteBuffer record, int producers) throws InterruptedException {
    CallbackProducers round = new CallbackProducers(writer, record);
    for (int i = 0; i < producers; i++) {
      round.sendNext();
    }
    round.durable.await();
    Throwable failed = round.failure.get();
    if (failed != null) {
      throw new IllegalStateException("an append failed", failed);
    }
    return round.durable.getCount();
  }

  private void sendNext() {
    if (toSend.getAndDecrement() <= 0) {
      return;
    }
    writer
        .submit(record.duplicate())
        .whenComplete(
            (offset, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
                while (durable.getCount() > 0) {
                  durable.countDown();
                }
              } else {
                durable.countDown();
                sendNext();
              }
            });
  }
}
