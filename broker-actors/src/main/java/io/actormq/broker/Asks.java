package io.actormq.broker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;

/**
 * Asks whose answers continue on the thread that completes them.
 *
 * <p>Why: Pekko's Java ask returns Scala's {@code CompletableFuture} adapter, which runs even the
 * non-async {@code thenApply} and {@code whenComplete} on the default async executor. With fewer
 * than three cores the JDK's common pool has a parallelism of one, and the default executor then
 * starts a new thread for every callback: measured at tens of thousands of threads per minute and
 * more kernel than user CPU under load. A plain {@link CompletableFuture} completed directly keeps
 * continuations where the JDK's contract puts them.
 */
public final class Asks {

  private static final Executor DIRECT = Runnable::run;

  private Asks() {}

  public static <Req, Res> CompletableFuture<Res> ask(
      RecipientRef<Req> target,
      Function<ActorRef<Res>, Req> message,
      Duration timeout,
      Scheduler scheduler) {
    return direct(AskPattern.ask(target, message, timeout, scheduler));
  }

  /** {@code stage} as a plain future whose dependents run on the completing thread. */
  public static <T> CompletableFuture<T> direct(CompletionStage<T> stage) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    stage.whenCompleteAsync(
        (value, failure) -> {
          if (failure != null) {
            plain.completeExceptionally(failure);
          } else {
            plain.complete(value);
          }
        },
        DIRECT);
    return plain;
  }
}
