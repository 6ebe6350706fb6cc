package io.actormq.client;

import io.actormq.protocol.body.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A sender that stores nothing and answers after a random delay of up to {@code maxDelayMicros}, so
 * results complete out of order; counts what is in flight and fails messages matching {@code fail}.
 * The connection-layer double for the stream stages' tests and the TCK.
 */
final class FakeSender implements MessageSender {

  private final long maxDelayMicros;
  private final Predicate<Message> fail;
  private final AtomicLong offsets = new AtomicLong();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final AtomicInteger batches = new AtomicInteger();
  final AtomicInteger completed = new AtomicInteger();

  FakeSender(long maxDelayMicros, Predicate<Message> fail) {
    this.maxDelayMicros = maxDelayMicros;
    this.fail = fail;
  }

  private Executor later() {
    long delay = maxDelayMicros == 0 ? 0 : ThreadLocalRandom.current().nextLong(maxDelayMicros);
    return CompletableFuture.delayedExecutor(delay, TimeUnit.MICROSECONDS);
  }

  @Override
  public CompletableFuture<SendResult> send(Message m) {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    return CompletableFuture.supplyAsync(
        () -> {
          inFlight.decrementAndGet();
          SendResult r = result(m);
          completed.incrementAndGet();
          return r;
        },
        later());
  }

  private SendResult result(Message m) {
    if (fail.test(m)) {
      return SendResult.failed(m, "id", new BrokerException(14, "refused by the test"));
    }
    long offset = offsets.getAndIncrement();
    return new SendResult(
        m, "id" + offset, "off" + offset, new MessageQueue(m.topic(), "b", 0), offset, null, null);
  }

  @Override
  public CompletableFuture<List<SendResult>> sendBatch(List<Message> messages) {
    batches.incrementAndGet();
    maxInFlight.accumulateAndGet(inFlight.addAndGet(messages.size()), Math::max);
    return CompletableFuture.supplyAsync(
        () -> {
          inFlight.addAndGet(-messages.size());
          List<SendResult> out = new ArrayList<>();
          messages.forEach(m -> out.add(result(m)));
          return out;
        },
        later());
  }
}
