package io.actormq.client.it;

import io.actormq.client.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** A subscriber the test drives by hand: it requests only what the test asks for. */
class Probe implements Subscriber<ReceivedMessage> {

  final BlockingQueue<ReceivedMessage> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Subscription> subscription = new CompletableFuture<>();
  final CompletableFuture<Throwable> error = new CompletableFuture<>();
  private final boolean autoAck;

  Probe(boolean autoAck) {
    this.autoAck = autoAck;
  }

  void request(long n) {
    subscription.join().request(n);
  }

  void cancel() {
    subscription.join().cancel();
  }

  /** The next message, failing if none arrives within {@code timeout}. */
  ReceivedMessage next(Duration timeout) throws InterruptedException {
    ReceivedMessage m = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (m == null) {
      throw new AssertionError("no message within " + timeout);
    }
    return m;
  }

  List<ReceivedMessage> take(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ReceivedMessage> out = new ArrayList<>(n);
    while (out.size() < n) {
      long left = deadline - System.nanoTime();
      ReceivedMessage m = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (m == null) {
        throw new AssertionError("got " + out.size() + " of " + n + " messages within " + timeout);
      }
      out.add(m);
    }
    return out;
  }

  @Override
  public void onSubscribe(Subscription s) {
    subscription.complete(s);
  }

  @Override
  public void onNext(ReceivedMessage m) {
    if (autoAck) {
      m.ack();
    }
    received.add(m);
  }

  @Override
  public void onError(Throwable t) {
    error.complete(t);
  }

  @Override
  public void onComplete() {
    error.complete(null);
  }
}
