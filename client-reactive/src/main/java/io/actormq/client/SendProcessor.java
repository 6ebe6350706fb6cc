package io.actormq.client;

import io.actormq.client.transport.SerialExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.reactivestreams.Processor;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages in, {@link SendResult}s out, in input order. Every message taken from upstream holds a
 * slot of a window of {@code maxInFlight} until its result has been handed downstream, and upstream
 * is only ever asked for free slots: so the producer never has more than the window in flight or
 * waiting, however fast upstream is or slow downstream is.
 *
 * <p>All state lives on one {@link SerialExecutor} lane; every signal, and every send completion,
 * is a task on it.
 */
final class SendProcessor implements Processor<Message, SendResult> {

  private static final Logger LOG = LoggerFactory.getLogger(SendProcessor.class);

  private final MessageSender sender;
  private final ProducerSettings settings;
  private final SerialExecutor lane;

  private Subscription upstream;
  private Subscriber<? super SendResult> downstream;
  private boolean downstreamSeen;
  private final ArrayDeque<Slot> window = new ArrayDeque<>();
  // Messages asked of upstream and not yet received.
  private long outstanding;
  private long demand;
  private boolean upstreamDone;
  private Throwable upstreamError;
  private boolean done;
  private List<Slot> batch = new ArrayList<>();
  private boolean flushScheduled;

  private static final class Slot {
    final Message message;
    SendResult result;

    Slot(Message message) {
      this.message = message;
    }
  }

  SendProcessor(MessageSender sender, ProducerSettings settings, Executor pool) {
    this.sender = sender;
    this.settings = settings;
    this.lane = new SerialExecutor(pool);
  }

  @Override
  public void onSubscribe(Subscription s) {
    Objects.requireNonNull(s, "subscription");
    lane.execute(
        () -> {
          if (upstream != null || done) {
            s.cancel();
            return;
          }
          upstream = s;
          requestMore();
        });
  }

  @Override
  public void onNext(Message m) {
    Objects.requireNonNull(m, "message");
    lane.execute(() -> accept(m));
  }

  @Override
  public void onError(Throwable t) {
    Objects.requireNonNull(t, "throwable");
    lane.execute(
        () -> {
          upstreamDone = true;
          upstreamError = t;
          flushBatch();
          drain();
        });
  }

  @Override
  public void onComplete() {
    lane.execute(
        () -> {
          upstreamDone = true;
          flushBatch();
          drain();
        });
  }

  @Override
  public void subscribe(Subscriber<? super SendResult> s) {
    Objects.requireNonNull(s, "subscriber");
    lane.execute(
        () -> {
          if (downstreamSeen) {
            s.onSubscribe(NoSubscription.INSTANCE);
            s.onError(new IllegalStateException("a send stream has one subscriber"));
            return;
          }
          downstreamSeen = true;
          downstream = s;
          s.onSubscribe(new Downstream());
          drain();
        });
  }

  private final class Downstream implements Subscription {
    @Override
    public void request(long n) {
      lane.execute(
          () -> {
            if (done) {
              return;
            }
            if (n <= 0) {
              fail(new IllegalArgumentException("rule 3.9: request(" + n + ")"));
              return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            drain();
          });
    }

    @Override
    public void cancel() {
      lane.execute(
          () -> {
            if (done) {
              return;
            }
            done = true;
            downstream = null;
            window.clear();
            batch.clear();
            if (upstream != null) {
              upstream.cancel();
            }
          });
    }
  }

  private void accept(Message m) {
    if (done) {
      return;
    }
    if (outstanding == 0) {
      fail(new IllegalStateException("rule 1.1: upstream sent more messages than requested"));
      return;
    }
    outstanding--;
    Slot slot = new Slot(m);
    window.add(slot);
    if (settings.batchSize() > 1 && m.shardingKey() == null) {
      if (!batch.isEmpty() && !batch.get(0).message.topic().equals(m.topic())) {
        flushBatch();
      }
      batch.add(slot);
      if (batch.size() >= settings.batchSize()) {
        flushBatch();
      } else if (!flushScheduled) {
        // Runs after the messages already queued on the lane: a burst becomes one batch.
        flushScheduled = true;
        lane.execute(this::flushBatch);
      }
      return;
    }
    sender.send(m).whenComplete((r, e) -> lane.execute(() -> complete(slot, r, e)));
  }

  private void flushBatch() {
    flushScheduled = false;
    if (batch.isEmpty()) {
      return;
    }
    List<Slot> slots = batch;
    batch = new ArrayList<>();
    if (slots.size() == 1) {
      Slot only = slots.get(0);
      sender.send(only.message).whenComplete((r, e) -> lane.execute(() -> complete(only, r, e)));
      return;
    }
    List<Message> messages = new ArrayList<>(slots.size());
    slots.forEach(s -> messages.add(s.message));
    sender
        .sendBatch(messages)
        .whenComplete(
            (results, e) ->
                lane.execute(
                    () -> {
                      for (int i = 0; i < slots.size(); i++) {
                        slots.get(i).result =
                            e == null
                                ? results.get(i)
                                : SendResult.failed(slots.get(i).message, null, e);
                      }
                      drain();
                    }));
  }

  private void complete(Slot slot, SendResult r, Throwable e) {
    slot.result = e == null ? r : SendResult.failed(slot.message, null, e);
    drain();
  }

  private void drain() {
    if (done || downstream == null) {
      return;
    }
    Slot head;
    while (demand > 0 && (head = window.peek()) != null && head.result != null) {
      window.poll();
      demand--;
      SendResult r = head.result;
      if (!r.isSuccess()
          && settings.failurePolicy() == ProducerSettings.FailurePolicy.FAIL_STREAM) {
        fail(new SendFailedException(r));
        return;
      }
      try {
        downstream.onNext(r);
      } catch (RuntimeException e) {
        // Rule 2.13: a throwing subscriber is broken; stop serving it.
        LOG.warn("subscriber of producer {} threw from onNext; cancelling", settings.group(), e);
        done = true;
        downstream = null;
        window.clear();
        if (upstream != null) {
          upstream.cancel();
        }
        return;
      }
      if (done) {
        return;
      }
    }
    if (window.isEmpty() && upstreamDone) {
      done = true;
      Subscriber<? super SendResult> s = downstream;
      downstream = null;
      if (upstreamError != null) {
        s.onError(upstreamError);
      } else {
        s.onComplete();
      }
      return;
    }
    requestMore();
  }

  private void requestMore() {
    if (upstream == null || upstreamDone || done) {
      return;
    }
    long free = settings.maxInFlight() - window.size() - outstanding;
    if (free > 0) {
      outstanding += free;
      upstream.request(free);
    }
  }

  private void fail(Throwable t) {
    done = true;
    window.clear();
    batch.clear();
    if (upstream != null) {
      upstream.cancel();
    }
    Subscriber<? super SendResult> s = downstream;
    downstream = null;
    if (s != null) {
      s.onError(t);
    }
  }
}
