package io.actormq.client.transport;

import io.actormq.protocol.remoting.FrameDecoder;
import io.actormq.protocol.remoting.ProtocolException;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RemotingCommandEncoder;
import io.actormq.protocol.remoting.SerializeType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a node: frames out through a single-writer gather queue, frames in through
 * a {@link FrameDecoder}, responses matched to their requests by {@code opaque}, requests from the
 * node handed to a {@link InboundHandler}. Non-blocking throughout (NIO.2 completion handlers);
 * thread-safe.
 *
 * <p>When the connection ends, for whatever reason, every pending request fails with {@link
 * ConnectionClosedException} and {@link #closed()} completes.
 */
public final class RemotingConnection implements AutoCloseable {

  /** Requests the node sends to the client (consumer-ids changed, transaction checks). */
  @FunctionalInterface
  public interface InboundHandler {
    void onRequest(RemotingConnection connection, RemotingCommand request);
  }

  private static final Logger LOG = LoggerFactory.getLogger(RemotingConnection.class);
  private static final int READ_BUFFER = 64 * 1024;
  // Frames gathered into one write; bounds the iovec count per syscall.
  private static final int MAX_GATHER = 64;

  private final String address;
  private final AsynchronousSocketChannel channel;
  private final ScheduledExecutorService timer;
  private final InboundHandler inbound;
  private final SerializeType serializeType;
  private final FrameDecoder decoder;
  // Off-heap: the JDK reads a socket into a heap buffer through a temporary direct one and copies,
  // so a heap buffer would copy every frame once more before the decoder copies it into its own
  // array (FrameReadBenchmark: 67 k -> 75 k pull responses of 32 KiB per second).
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
  private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicInteger nextOpaque = new AtomicInteger();
  private final Queue<ByteBuffer[]> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private record Pending(CompletableFuture<RemotingCommand> future, ScheduledFuture<?> timeout) {}

  private RemotingConnection(
      String address,
      AsynchronousSocketChannel channel,
      ScheduledExecutorService timer,
      InboundHandler inbound,
      SerializeType serializeType,
      int maxFrameLength) {
    this.address = address;
    this.channel = channel;
    this.timer = timer;
    this.inbound = inbound;
    this.serializeType = serializeType;
    this.decoder = new FrameDecoder(maxFrameLength);
  }

  /**
   * Opens a connection to {@code host:port}; the future fails if the connect does not finish within
   * {@code connectTimeoutMillis}.
   */
  public static CompletableFuture<RemotingConnection> connect(
      String address,
      AsynchronousChannelGroup group,
      ScheduledExecutorService timer,
      InboundHandler inbound,
      SerializeType serializeType,
      long connectTimeoutMillis) {
    CompletableFuture<RemotingConnection> result = new CompletableFuture<>();
    AsynchronousSocketChannel channel;
    InetSocketAddress target;
    try {
      target = parse(address);
      channel = AsynchronousSocketChannel.open(group);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    } catch (IOException | IllegalArgumentException e) {
      result.completeExceptionally(e);
      return result;
    }
    ScheduledFuture<?> deadline =
        timer.schedule(
            () -> {
              if (result.completeExceptionally(
                  new TimeoutException("connect to " + address + " timed out"))) {
                closeQuietly(channel);
              }
            },
            connectTimeoutMillis,
            TimeUnit.MILLISECONDS);
    channel.connect(
        target,
        null,
        new CompletionHandler<Void, Void>() {
          @Override
          public void completed(Void v, Void a) {
            deadline.cancel(false);
            RemotingConnection c =
                new RemotingConnection(
                    address,
                    channel,
                    timer,
                    inbound,
                    serializeType,
                    FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
            if (result.complete(c)) {
              c.readNext();
            } else {
              closeQuietly(channel);
            }
          }

          @Override
          public void failed(Throwable e, Void a) {
            deadline.cancel(false);
            result.completeExceptionally(e);
            closeQuietly(channel);
          }
        });
    return result;
  }

  static InetSocketAddress parse(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException("not host:port: " + address);
    }
    return new InetSocketAddress(
        address.substring(0, colon), Integer.parseInt(address.substring(colon + 1).trim()));
  }

  public String address() {
    return address;
  }

  public boolean isOpen() {
    return open.get();
  }

  /** Completes once the connection has ended and its pending requests have been failed. */
  public CompletableFuture<Void> closed() {
    return closed;
  }

  /**
   * Sends a two-way request (its opaque is replaced by this connection's next one) and completes
   * with the response, or fails with {@link TimeoutException} after {@code timeoutMillis}.
   */
  public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis) {
    CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
    if (!open.get()) {
      future.completeExceptionally(new ConnectionClosedException(address));
      return future;
    }
    int opaque = nextOpaque.incrementAndGet();
    ScheduledFuture<?> timeout =
        timer.schedule(
            () -> {
              Pending p = pending.remove(opaque);
              if (p != null) {
                p.future.completeExceptionally(
                    new TimeoutException(
                        "no response from " + address + " within " + timeoutMillis + " ms"));
              }
            },
            timeoutMillis,
            TimeUnit.MILLISECONDS);
    pending.put(opaque, new Pending(future, timeout));
    // The close path may have drained the map before our put: fail what it missed.
    if (!open.get() && pending.remove(opaque) != null) {
      timeout.cancel(false);
      future.completeExceptionally(new ConnectionClosedException(address));
      return future;
    }
    send(request.withOpaque(opaque));
    return future;
  }

  /** Sends a request that gets no response. */
  public void oneway(RemotingCommand request) {
    send(request.withOpaque(nextOpaque.incrementAndGet()).asOneway());
  }

  /** Sends a response to a request the node made. */
  public void reply(RemotingCommand response) {
    send(response);
  }

  private void send(RemotingCommand cmd) {
    if (!open.get()) {
      return;
    }
    outbox.add(RemotingCommandEncoder.encodeForGather(cmd, serializeType));
    if (writing.compareAndSet(false, true)) {
      writeNext();
    }
  }

  private void writeNext() {
    List<ByteBuffer> batch = new ArrayList<>();
    ByteBuffer[] frame;
    while (batch.size() < MAX_GATHER && (frame = outbox.poll()) != null) {
      batch.addAll(List.of(frame));
    }
    if (batch.isEmpty()) {
      writing.set(false);
      // A frame queued between our poll and the flag reset would otherwise sit there.
      if (!outbox.isEmpty() && writing.compareAndSet(false, true)) {
        writeNext();
      }
      return;
    }
    write(batch.toArray(ByteBuffer[]::new), 0);
  }

  private void write(ByteBuffer[] buffers, int from) {
    if (!open.get()) {
      return;
    }
    channel.write(
        buffers,
        from,
        buffers.length - from,
        0L,
        TimeUnit.MILLISECONDS,
        null,
        new CompletionHandler<Long, Void>() {
          @Override
          public void completed(Long n, Void a) {
            int first = from;
            while (first < buffers.length && !buffers[first].hasRemaining()) {
              first++;
            }
            if (first < buffers.length) {
              write(buffers, first);
            } else {
              writeNext();
            }
          }

          @Override
          public void failed(Throwable e, Void a) {
            shutdown(e);
          }
        });
  }

  private void readNext() {
    channel.read(
        readBuffer,
        null,
        new CompletionHandler<Integer, Void>() {
          @Override
          public void completed(Integer n, Void a) {
            if (n < 0) {
              shutdown(null);
              return;
            }
            readBuffer.flip();
            try {
              decoder.feed(readBuffer, RemotingConnection.this::dispatch);
            } catch (ProtocolException e) {
              LOG.warn("closing {}: corrupt framing: {}", address, e.getMessage());
              shutdown(e);
              return;
            }
            readBuffer.clear();
            readNext();
          }

          @Override
          public void failed(Throwable e, Void a) {
            shutdown(e);
          }
        });
  }

  private void dispatch(RemotingCommand cmd) {
    if (cmd.isResponse()) {
      Pending p = pending.remove(cmd.opaque());
      if (p != null) {
        p.timeout.cancel(false);
        p.future.complete(cmd);
      }
      return;
    }
    try {
      inbound.onRequest(this, cmd);
    } catch (RuntimeException e) {
      LOG.warn("request {} from {} failed in its handler", cmd.code(), address, e);
    }
  }

  private void shutdown(Throwable cause) {
    if (!open.compareAndSet(true, false)) {
      return;
    }
    if (cause != null && LOG.isDebugEnabled()) {
      LOG.debug("connection to {} ended: {}", address, cause.toString());
    }
    closeQuietly(channel);
    ConnectionClosedException failure = new ConnectionClosedException(address);
    for (Integer opaque : List.copyOf(pending.keySet())) {
      Pending p = pending.remove(opaque);
      if (p != null) {
        p.timeout.cancel(false);
        p.future.completeExceptionally(failure);
      }
    }
    closed.complete(null);
  }

  @Override
  public void close() {
    shutdown(null);
  }

  private static void closeQuietly(AsynchronousSocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing a channel failed: {}", e.toString());
    }
  }
}
