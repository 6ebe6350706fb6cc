package io.actormq.client.transport;

import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.SerializeType;
import java.io.IOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * At most one live connection per node address, opened on first use and re-opened after it ends.
 * Reconnects back off exponentially per address (from {@code initialBackoff} doubling up to {@code
 * maxBackoff}, reset by a successful connect), so a dead node costs one attempt per backoff period
 * however many requests want it; those requests wait for the attempt instead of failing at once.
 */
public final class ConnectionPool implements AutoCloseable {

  private final AsynchronousChannelGroup group;
  private final ScheduledExecutorService timer;
  private final RemotingConnection.InboundHandler inbound;
  private final SerializeType serializeType;
  private final long connectTimeoutMillis;
  private final long initialBackoffMillis;
  private final long maxBackoffMillis;
  private final Consumer<RemotingConnection> onConnect;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Per-address state: the current (or coming) connection and the backoff after failures. */
  private static final class Slot {
    CompletableFuture<RemotingConnection> current;
    int failures;
    long nextAttemptNanos;
  }

  public ConnectionPool(
      AsynchronousChannelGroup group,
      ScheduledExecutorService timer,
      RemotingConnection.InboundHandler inbound,
      SerializeType serializeType,
      long connectTimeoutMillis,
      long initialBackoffMillis,
      long maxBackoffMillis,
      Consumer<RemotingConnection> onConnect) {
    this.group = group;
    this.timer = timer;
    this.inbound = inbound;
    this.serializeType = serializeType;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.initialBackoffMillis = initialBackoffMillis;
    this.maxBackoffMillis = maxBackoffMillis;
    this.onConnect = onConnect;
  }

  /** The open connection to {@code address}, connecting (after any pending backoff) if needed. */
  public CompletableFuture<RemotingConnection> get(String address) {
    if (closed) {
      return CompletableFuture.failedFuture(new ConnectionClosedException(address));
    }
    Slot slot = slots.computeIfAbsent(address, a -> new Slot());
    synchronized (slot) {
      CompletableFuture<RemotingConnection> c = slot.current;
      if (c != null && (!c.isDone() || (!c.isCompletedExceptionally() && c.join().isOpen()))) {
        return c;
      }
      long delayNanos = Math.max(0, slot.nextAttemptNanos - System.nanoTime());
      CompletableFuture<RemotingConnection> next = new CompletableFuture<>();
      slot.current = next;
      if (delayNanos == 0) {
        attempt(address, slot, next);
      } else {
        timer.schedule(() -> attempt(address, slot, next), delayNanos, TimeUnit.NANOSECONDS);
      }
      return next;
    }
  }

  private void attempt(String address, Slot slot, CompletableFuture<RemotingConnection> target) {
    if (closed) {
      target.completeExceptionally(new ConnectionClosedException(address));
      return;
    }
    RemotingConnection.connect(address, group, timer, inbound, serializeType, connectTimeoutMillis)
        .whenComplete(
            (conn, error) -> {
              synchronized (slot) {
                if (error == null) {
                  slot.failures = 0;
                  slot.nextAttemptNanos = 0;
                } else {
                  long backoff =
                      Math.min(
                          maxBackoffMillis, initialBackoffMillis << Math.min(slot.failures, 20));
                  slot.failures++;
                  slot.nextAttemptNanos =
                      System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
                }
              }
              if (error != null) {
                target.completeExceptionally(error);
                return;
              }
              if (closed) {
                conn.close();
                target.completeExceptionally(new ConnectionClosedException(address));
                return;
              }
              onConnect.accept(conn);
              target.complete(conn);
            });
  }

  /** Sends {@code request} to {@code address} and awaits its response. */
  public CompletableFuture<RemotingCommand> invoke(
      String address, RemotingCommand request, long timeoutMillis) {
    return get(address).thenCompose(c -> c.invoke(request, timeoutMillis));
  }

  /** Sends a oneway request once a connection is there; failures to connect are dropped. */
  public CompletableFuture<Void> oneway(String address, RemotingCommand request) {
    return get(address).thenAccept(c -> c.oneway(request));
  }

  /** Addresses with an open connection right now. */
  public List<String> connectedAddresses() {
    return slots.entrySet().stream()
        .filter(
            e -> {
              synchronized (e.getValue()) {
                CompletableFuture<RemotingConnection> c = e.getValue().current;
                return c != null
                    && c.isDone()
                    && !c.isCompletedExceptionally()
                    && c.join().isOpen();
              }
            })
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Closes every connection; later requests fail with {@link ConnectionClosedException}. */
  @Override
  public void close() {
    closed = true;
    for (Slot slot : slots.values()) {
      CompletableFuture<RemotingConnection> c;
      synchronized (slot) {
        c = slot.current;
      }
      if (c != null) {
        c.thenAccept(RemotingConnection::close);
      }
    }
  }

  /** True for failures of the connection itself, after which another node or a retry may do. */
  public static boolean isConnectionFailure(Throwable t) {
    Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return e instanceof IOException || e instanceof TimeoutException;
  }
}
