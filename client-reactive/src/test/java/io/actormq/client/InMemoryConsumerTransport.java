package io.actormq.client;

import io.actormq.protocol.body.MessageQueue;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The consumer's connection-layer double: one member alone in its group, a topic of {@code
 * queueCount} queues, each with {@code backlog} messages (offsets 0..backlog-1) and nothing after.
 * Pulls answer asynchronously; a pull at the end of a queue is held until {@link #append} adds
 * more, as a node's long poll would be. Records commits, send-backs and in-flight pulls.
 */
final class InMemoryConsumerTransport implements ConsumerTransport {

  private final String topic;
  private final int queueCount;
  private final Executor executor;
  private final Map<Integer, Long> ends = new ConcurrentHashMap<>();
  private final Map<Integer, Held> held = new ConcurrentHashMap<>();
  final Map<MessageQueue, Long> commits = new ConcurrentHashMap<>();
  final List<ReceivedMessage> sentBack = java.util.Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger pullsInFlight = new AtomicInteger();
  volatile boolean left;
  volatile Throwable joinFailure;

  private static final HostAddress HOST = HostAddress.of(new byte[] {127, 0, 0, 1}, 10911);

  private record Held(MessageQueue q, long offset, int max, CompletableFuture<Pulled> future) {}

  InMemoryConsumerTransport(String topic, int queueCount, long backlog, Executor executor) {
    this.topic = topic;
    this.queueCount = queueCount;
    this.executor = executor;
    for (int i = 0; i < queueCount; i++) {
      ends.put(i, backlog);
    }
  }

  /** Adds messages to a queue and answers a pull held on it. */
  void append(int queueId, long count) {
    ends.merge(queueId, count, Long::sum);
    Held h = held.remove(queueId);
    if (h != null) {
      h.future.complete(read(h.q, h.offset, h.max));
    }
  }

  @Override
  public String clientId() {
    return "127.0.0.1@test";
  }

  @Override
  public CompletableFuture<Void> join(
      Runnable onMembersChanged, Supplier<CompletableFuture<Void>> stop) {
    Throwable failure = joinFailure;
    return failure == null
        ? CompletableFuture.runAsync(() -> {}, executor)
        : CompletableFuture.failedFuture(failure);
  }

  @Override
  public CompletableFuture<Void> leave() {
    left = true;
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<List<MessageQueue>> queues(String t) {
    List<MessageQueue> qs = new ArrayList<>();
    if (t.equals(topic)) {
      for (int i = 0; i < queueCount; i++) {
        qs.add(new MessageQueue(topic, "b", i));
      }
    }
    return CompletableFuture.completedFuture(qs);
  }

  @Override
  public CompletableFuture<List<String>> members(String t) {
    return CompletableFuture.completedFuture(List.of(clientId()));
  }

  @Override
  public CompletableFuture<Long> startOffset(MessageQueue queue) {
    return CompletableFuture.completedFuture(commits.getOrDefault(queue, 0L));
  }

  @Override
  public CompletableFuture<Pulled> pull(MessageQueue q, long offset, int max) {
    pullsInFlight.incrementAndGet();
    CompletableFuture<Pulled> f = new CompletableFuture<>();
    executor.execute(
        () -> {
          if (offset >= ends.get(q.queueId())) {
            held.put(q.queueId(), new Held(q, offset, max, f));
            // The end may have moved between the check and the put.
            if (offset < ends.get(q.queueId()) && held.remove(q.queueId()) != null) {
              f.complete(read(q, offset, max));
            }
          } else {
            f.complete(read(q, offset, max));
          }
        });
    return f.whenComplete((p, e) -> pullsInFlight.decrementAndGet());
  }

  private Pulled read(MessageQueue q, long offset, int max) {
    long end = Math.min(ends.get(q.queueId()), offset + max);
    List<ReceivedMessage> out = new ArrayList<>();
    for (long o = offset; o < end; o++) {
      MessageRecord record =
          MessageRecord.builder()
              .topic(topic)
              .queueId(q.queueId())
              .queueOffset(o)
              .commitLogOffset(o)
              .bornHost(HOST)
              .storeHost(HOST)
              .body(("m" + o).getBytes(StandardCharsets.UTF_8))
              .properties(Map.of(MessageProperties.UNIQ_KEY, q.queueId() + ":" + o))
              .build();
      out.add(new ReceivedMessage(q, false, ByteBuffer.wrap(MessageRecordCodec.encode(record))));
    }
    return new Pulled(PullStatus.FOUND, end, out);
  }

  @Override
  public CompletableFuture<Void> commit(MessageQueue queue, long offset) {
    commits.put(queue, offset);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> sendBack(ReceivedMessage message, int delayLevel) {
    sentBack.add(message);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Set<MessageQueue>> lock(Set<MessageQueue> queues) {
    return CompletableFuture.completedFuture(queues);
  }

  @Override
  public CompletableFuture<Void> unlock(Set<MessageQueue> queues) {
    return CompletableFuture.completedFuture(null);
  }
}
