package io.actormq.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.example.unicast.AsyncIterablePublisher;

class SendProcessorTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  private Publisher<Message> messages(int n) {
    List<Message> ms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ms.add(Message.of("T", "m" + i));
    }
    return new AsyncIterablePublisher<>(ms, pool);
  }

  /** Collects everything, requesting {@code batch} at a time. */
  private static final class Collect implements Subscriber<SendResult> {
    final List<SendResult> results = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<Throwable> end = new CompletableFuture<>();
    private final int batch;
    private Subscription s;
    private int left;

    Collect(int batch) {
      this.batch = batch;
    }

    @Override
    public void onSubscribe(Subscription s) {
      this.s = s;
      left = batch;
      s.request(batch);
    }

    @Override
    public void onNext(SendResult r) {
      results.add(r);
      if (--left == 0) {
        left = batch;
        s.request(batch);
      }
    }

    @Override
    public void onError(Throwable t) {
      end.complete(t);
    }

    @Override
    public void onComplete() {
      end.complete(null);
    }
  }

  @Test
  void resultsKeepInputOrderWhileSendsCompleteOutOfOrderAndTheWindowBoundsWhatIsInFlight()
      throws Exception {
    FakeSender sender = new FakeSender(2000, m -> false);
    ReactiveProducer producer =
        new ReactiveProducer(ProducerSettings.of("p").withMaxInFlight(16), sender, pool);
    Collect collect = new Collect(7);
    producer.send(messages(2000)).subscribe(collect);
    assertThat(collect.end.get(30, TimeUnit.SECONDS)).isNull();
    assertThat(collect.results).hasSize(2000);
    for (int i = 0; i < 2000; i++) {
      assertThat(collect.results.get(i).message().bodyText()).isEqualTo("m" + i);
    }
    assertThat(sender.maxInFlight.get()).isLessThanOrEqualTo(16).isGreaterThan(1);
  }

  @Test
  void withoutDownstreamDemandNothingBeyondTheWindowIsTaken() throws Exception {
    FakeSender sender = new FakeSender(0, m -> false);
    ReactiveProducer producer =
        new ReactiveProducer(ProducerSettings.of("p").withMaxInFlight(8), sender, pool);
    List<Long> requested = Collections.synchronizedList(new ArrayList<>());
    // An endless upstream that sends whatever it is asked for at once.
    Publisher<Message> counting =
        s ->
            s.onSubscribe(
                new Subscription() {
                  @Override
                  public void request(long n) {
                    requested.add(n);
                    for (long i = 0; i < n; i++) {
                      s.onNext(Message.of("T", "x"));
                    }
                  }

                  @Override
                  public void cancel() {}
                });
    // A subscriber that never requests: results can only pile up in the window.
    producer
        .send(counting)
        .subscribe(
            new Subscriber<SendResult>() {
              @Override
              public void onSubscribe(Subscription s) {}

              @Override
              public void onNext(SendResult r) {}

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onComplete() {}
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (sender.completed.get() < 8 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(sender.completed.get()).isEqualTo(8);
    // The eight results wait for demand; each completion ran drain(), none asked for more.
    producer.send(Message.of("T", "probe")).get(5, TimeUnit.SECONDS);
    assertThat(requested).containsExactly(8L);
  }

  @Test
  void failedSendsAreResultsOrEndTheStreamByPolicy() throws Exception {
    FakeSender sender = new FakeSender(100, m -> m.bodyText().equals("m5"));
    ReactiveProducer emitting = new ReactiveProducer(ProducerSettings.of("p"), sender, pool);
    Collect all = new Collect(100);
    emitting.send(messages(10)).subscribe(all);
    assertThat(all.end.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(all.results).hasSize(10);
    assertThat(all.results.get(5).isSuccess()).isFalse();
    assertThat(all.results.get(5).error()).isInstanceOf(BrokerException.class);

    ReactiveProducer failing =
        new ReactiveProducer(
            ProducerSettings.of("p").withFailurePolicy(ProducerSettings.FailurePolicy.FAIL_STREAM),
            sender,
            pool);
    Collect upTo = new Collect(100);
    failing.send(messages(10)).subscribe(upTo);
    Throwable error = upTo.end.get(10, TimeUnit.SECONDS);
    assertThat(error).isInstanceOf(SendFailedException.class);
    assertThat(((SendFailedException) error).result().message().bodyText()).isEqualTo("m5");
    assertThat(upTo.results).hasSize(5);
  }

  @Test
  void aBurstOfUnkeyedMessagesIsCoalescedIntoBatches() throws Exception {
    FakeSender sender = new FakeSender(500, m -> false);
    ReactiveProducer producer =
        new ReactiveProducer(
            ProducerSettings.of("p").withBatchSize(16).withMaxInFlight(64), sender, pool);
    Collect collect = new Collect(1000);
    producer.send(messages(640)).subscribe(collect);
    assertThat(collect.end.get(30, TimeUnit.SECONDS)).isNull();
    assertThat(collect.results).hasSize(640).allMatch(SendResult::isSuccess);
    for (int i = 0; i < 640; i++) {
      assertThat(collect.results.get(i).message().bodyText()).isEqualTo("m" + i);
    }
    assertThat(sender.batches.get()).isPositive().isLessThan(640);
  }
}
