package io.actormq.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.reactivestreams.Processor;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Sends {@link Message}s with backpressure: the in-flight window is the demand upstream sees.
 * Results come out in input order. Thread-safe; every stream made from it is independent.
 */
public final class ReactiveProducer {

  private final ProducerSettings settings;
  private final MessageSender sender;
  private final Executor pool;

  ReactiveProducer(ProducerSettings settings, MessageSender sender, Executor pool) {
    this.settings = settings;
    this.sender = sender;
    this.pool = pool;
  }

  public ProducerSettings settings() {
    return settings;
  }

  /** A new processor: subscribe it to messages, and subscribe to it for their results. */
  public Processor<Message, SendResult> processor() {
    return new SendProcessor(sender, settings, pool);
  }

  /** The results of sending every message of {@code messages}, subscribed to on demand. */
  public Publisher<SendResult> send(Publisher<Message> messages) {
    Objects.requireNonNull(messages, "messages");
    return subscriber -> {
      Processor<Message, SendResult> p = processor();
      p.subscribe(subscriber);
      messages.subscribe(p);
    };
  }

  /**
   * A plain subscriber that sends what it receives and hands each result to {@code onResult} (on a
   * pool thread, one at a time); see {@link SendSubscriber#completion()}.
   */
  public SendSubscriber subscriber(Consumer<SendResult> onResult) {
    return new SendSubscriber(processor(), onResult);
  }

  /** Sends one message. */
  public CompletableFuture<SendResult> send(Message message) {
    return sender.send(message);
  }

  /** Subscriber form of the producer, with a future for the end of the stream. */
  public static final class SendSubscriber implements Subscriber<Message> {
    private final Processor<Message, SendResult> processor;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();

    SendSubscriber(Processor<Message, SendResult> processor, Consumer<SendResult> onResult) {
      this.processor = processor;
      processor.subscribe(
          new Subscriber<>() {
            @Override
            public void onSubscribe(org.reactivestreams.Subscription s) {
              s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(SendResult r) {
              onResult.accept(r);
            }

            @Override
            public void onError(Throwable t) {
              completion.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
              completion.complete(null);
            }
          });
    }

    /** Completes when upstream has completed and every result has been handed over. */
    public CompletableFuture<Void> completion() {
      return completion;
    }

    @Override
    public void onSubscribe(org.reactivestreams.Subscription s) {
      processor.onSubscribe(s);
    }

    @Override
    public void onNext(Message m) {
      processor.onNext(m);
    }

    @Override
    public void onError(Throwable t) {
      processor.onError(t);
    }

    @Override
    public void onComplete() {
      processor.onComplete();
    }
  }
}
