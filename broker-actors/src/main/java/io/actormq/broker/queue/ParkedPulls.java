package io.actormq.broker.queue;

import io.actormq.broker.queue.QueueCommand.Pull;
import io.actormq.persistence.log.ReadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The long polls parked on a queue, each with an actor timer that ends its hold. Confined to the
 * owning {@link QueueActor}.
 */
final class ParkedPulls {

  /** At most this many pulls wait on one queue; more are answered at once. */
  static final int MAX_PARKED = 10_000;

  /** Reads for a pull from an offset: the queue's log, as the actor sees it. */
  @FunctionalInterface
  interface Reader {
    ReadResult read(Pull pull, long offset);
  }

  private record Parked(Pull pull, long offset) {}

  private final Map<Long, Parked> parked = new HashMap<>();
  private final TimerScheduler<QueueCommand> timers;
  private final LongFunction<QueueCommand> holdExpired;
  private final Reader reader;
  private long nextId;
  private boolean released;

  /**
   * @param holdExpired the message the actor's timer sends itself when hold {@code id} ends; the
   *     actor answers it with {@link #expire}
   */
  ParkedPulls(
      TimerScheduler<QueueCommand> timers, LongFunction<QueueCommand> holdExpired, Reader reader) {
    this.timers = timers;
    this.holdExpired = holdExpired;
    this.reader = reader;
  }

  /**
   * Parks a pull that found nothing at {@code offset}.
   *
   * @return false if it cannot wait (the node is releasing, or too many wait): answer it now
   */
  boolean park(Pull pull, long offset) {
    if (released || parked.size() >= MAX_PARKED) {
      return false;
    }
    long id = nextId++;
    parked.put(id, new Parked(pull, offset));
    timers.startSingleTimer(id, holdExpired.apply(id), Duration.ofMillis(pull.holdMillis()));
    return true;
  }

  /** After an append: answers the parked pulls that now find something. */
  void serve() {
    if (parked.isEmpty()) {
      return;
    }
    List<Long> served = new ArrayList<>();
    for (Map.Entry<Long, Parked> e : parked.entrySet()) {
      Parked p = e.getValue();
      ReadResult result = reader.read(p.pull(), p.offset());
      switch (result.status()) {
        case FOUND, OFFSET_TOO_SMALL, OFFSET_OVERFLOW -> {
          p.pull().replyTo().tell(result);
          served.add(e.getKey());
        }
        // Still nothing for this filter: keep waiting, but from past what it skipped.
        case ALL_FILTERED -> e.setValue(new Parked(p.pull(), result.nextOffset()));
        case NO_NEW_RECORDS -> {}
      }
    }
    for (Long id : served) {
      parked.remove(id);
      timers.cancel(id);
    }
  }

  /** The hold of {@code id} ended: answer with whatever there is. */
  void expire(long id) {
    Parked p = parked.remove(id);
    if (p != null) {
      p.pull().replyTo().tell(reader.read(p.pull(), p.offset()));
    }
  }

  /** Answers every parked pull now; with {@code forever}, parks none from now on. */
  void release(boolean forever) {
    released |= forever;
    for (Map.Entry<Long, Parked> e : parked.entrySet()) {
      timers.cancel(e.getKey());
      e.getValue().pull().replyTo().tell(reader.read(e.getValue().pull(), e.getValue().offset()));
    }
    parked.clear();
  }
}
