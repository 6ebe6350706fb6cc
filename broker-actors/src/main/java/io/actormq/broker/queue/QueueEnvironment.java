package io.actormq.broker.queue;

import io.actormq.broker.BrokerConfig;
import io.actormq.persistence.log.FlushService;
import io.actormq.persistence.log.RetentionPolicy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToIntBiFunction;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What every queue actor of a node shares: configuration, the flusher thread, an executor for
 * blocking file work, the clock, the sampled disk usage for retention, and the set of queue actors
 * running on this node (for node-wide notices such as {@link QueueCommand.ReleaseWaiters}).
 */
public record QueueEnvironment(
    BrokerConfig config,
    FlushService flusher,
    Executor blockingIo,
    LongSupplier clock,
    RetentionPolicy retention,
    DoubleSupplier diskUsedRatio,
    ToIntBiFunction<String, Integer> queueNumbers,
    Set<ActorRef<QueueCommand>> running) {

  /**
   * @param queueNumbers the node-wide number of a topic's queue (the topic registry's), -1 if
   *     unknown
   */
  public QueueEnvironment(
      BrokerConfig config,
      FlushService flusher,
      Executor blockingIo,
      LongSupplier clock,
      RetentionPolicy retention,
      DoubleSupplier diskUsedRatio,
      ToIntBiFunction<String, Integer> queueNumbers) {
    this(
        config,
        flusher,
        blockingIo,
        clock,
        retention,
        diskUsedRatio,
        queueNumbers,
        ConcurrentHashMap.newKeySet());
  }

  /** Tells every queue actor on this node to answer its parked pulls now. */
  public void releaseWaiters() {
    running.forEach(queue -> queue.tell(QueueCommand.ReleaseWaiters.INSTANCE));
  }
}
