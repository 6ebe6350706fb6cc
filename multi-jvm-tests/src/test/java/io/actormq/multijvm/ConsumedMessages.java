package io.actormq.multijvm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * A push consumer's listener that records every delivery of a {@link SequencedProducer} message
 * with the queue and offset it came from, duplicates included.
 */
final class ConsumedMessages implements MessageListenerConcurrently {

  /** One delivery. */
  record Delivery(long seq, QueueRef queue, long queueOffset) {}

  private final Object lock = new Object();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final Set<Long> seqs = new HashSet<>();
  private final Map<String, Integer> deliveriesByMsgId = new HashMap<>();

  @Override
  public ConsumeConcurrentlyStatus consumeMessage(
      List<MessageExt> messages, ConsumeConcurrentlyContext context) {
    synchronized (lock) {
      for (MessageExt m : messages) {
        long seq = SequencedProducer.seqOf(m.getBody());
        deliveries.add(
            new Delivery(seq, new QueueRef(m.getBrokerName(), m.getQueueId()), m.getQueueOffset()));
        seqs.add(seq);
        deliveriesByMsgId.merge(m.getMsgId(), 1, Integer::sum);
      }
      lock.notifyAll();
    }
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  }

  List<Delivery> deliveries() {
    synchronized (lock) {
      return List.copyOf(deliveries);
    }
  }

  /** The message ids delivered more than once, with their delivery counts. */
  Map<String, Integer> redeliveredMsgIds() {
    synchronized (lock) {
      Map<String, Integer> twice = new HashMap<>();
      deliveriesByMsgId.forEach(
          (id, count) -> {
            if (count > 1) {
              twice.put(id, count);
            }
          });
      return twice;
    }
  }

  /**
   * Waits until every one of {@code expected} was delivered at least once, or the timeout passes
   * (then returns, and the caller's checks name what is missing).
   *
   * @return whether all arrived
   */
  boolean awaitAll(Collection<Long> expected, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    synchronized (lock) {
      while (!seqs.containsAll(expected)) {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
          return false;
        }
        lock.wait(left);
      }
      return true;
    }
  }
}
