package io.actormq.broker.schedule;

import io.actormq.broker.queue.QueueCommand.AppendReply;
import io.actormq.persistence.timer.TimerIndex;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the {@link TimerActor} needs from the world, each step asynchronous with its result going
 * back to the actor: the clock, the timer log and the destination queues. {@link TimerStore} is the
 * node's; tests drive the actor with a manual clock and an in-memory log.
 */
public interface TimerBackend {

  /** The index, recovered and ready for its owner. */
  record Recovered(TimerIndex index) {}

  /**
   * @param done entries finished with: delivered, or given up (their record is gone or their topic
   *     refuses them; logged)
   * @param delivered how many of {@code done} reached their destination
   * @param retry entries to try again later
   */
  record Outcome(long[] done, int delivered, long[] retry, String reason) {
    static Outcome failed(long[] indexes, Throwable failure) {
      return new Outcome(new long[0], 0, indexes, String.valueOf(failure));
    }
  }

  /** Epoch milliseconds: due times are compared with this clock, never with the timers'. */
  long now();

  /** How often the actor looks ahead for due messages. */
  Duration tick();

  /** Opens the index and records again what the log holds beyond its watermark. */
  CompletionStage<Recovered> open();

  /** Appends parked records to the timer log; entry numbers are their log offsets. */
  CompletionStage<AppendReply> park(List<ByteBuffer> records);

  /** Hands the parked records of {@code indexes} to their destinations. */
  CompletionStage<Outcome> deliver(long[] indexes);

  /** The parked records below {@code offset} are delivered: their log space may go. */
  void trimBelow(long offset);

  /** Runs blocking work (a checkpoint) off the actor. */
  CompletionStage<Void> runBlocking(Runnable task);
}
