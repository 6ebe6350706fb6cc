package io.actormq.broker.remoting;

import com.typesafe.config.Config;
import io.actormq.protocol.remoting.ProtocolException;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RemotingCommandEncoder;
import io.actormq.protocol.remoting.ResponseCode;
import io.actormq.protocol.remoting.SerializeType;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.StreamTcpException;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's TCP server: every connection is a stream from the socket through framing, dispatch and
 * encoding back to the socket, so the socket's backpressure reaches the handlers.
 *
 * <p>Per connection: {@link CommandFraming} (size checks before buffering) → {@code
 * mapAsyncUnordered(parallelism)} through the {@link RequestDispatcher} (replies leave in
 * completion order, matched by opaque; parked long polls hold a slot) → merged with the bounded
 * queue of broker-initiated commands → JSON header plus body buffers → socket. A connection closes
 * when the client closes it, on corrupt framing, after {@code idle-timeout} without traffic either
 * way, or on {@link ClientConnection#close()}; the {@link ConnectionRegistry} then forgets it and
 * tells its listeners.
 *
 * <p>Shutdown is three steps, for the node's coordinated shutdown: {@link #unbind()} stops
 * accepting, {@link #drain(Duration)} answers new two-way requests with SERVICE_NOT_AVAILABLE and
 * waits for those in flight, {@link #closeConnections()} closes what is left.
 */
public final class FrontDoor {

  private static final Logger log = LoggerFactory.getLogger(FrontDoor.class);

  private static final int BACKLOG = 1024;

  /** The {@code actormq.broker} and {@code actormq.remoting} keys the front door uses. */
  public record Settings(
      String host,
      int port,
      int maxFrameBytes,
      int parallelism,
      Duration idleTimeout,
      int outboundBuffer) {

    public static Settings fromConfig(Config root) {
      Config c = root.getConfig("actormq");
      return new Settings(
          c.getString("broker.host"),
          c.getInt("broker.port"),
          Math.toIntExact(c.getBytes("remoting.max-frame-bytes")),
          c.getInt("remoting.parallelism-per-connection"),
          c.getDuration("remoting.idle-timeout"),
          c.getInt("remoting.outbound-buffer"));
    }
  }

  /** Bytes for the socket; {@code reply} marks the answer to a request (it ends one in flight). */
  private record Outgoing(ByteString bytes, boolean reply) {}

  private final ActorSystem<?> system;
  private final Settings settings;
  private final ConnectionRegistry registry;
  private final ConcurrentHashMap<Long, StreamConnection> live = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, CompletionStage<Done>> terminations =
      new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CompletableFuture<Done> drained = new CompletableFuture<>();
  private volatile boolean draining;
  private volatile Tcp.ServerBinding binding;

  private FrontDoor(ActorSystem<?> system, Settings settings, ConnectionRegistry registry) {
    this.system = system;
    this.settings = settings;
    this.registry = registry;
  }

  /** Binds with a dispatcher that is ready now. */
  public static CompletionStage<FrontDoor> bind(
      ActorSystem<?> system,
      Settings settings,
      ConnectionRegistry registry,
      RequestDispatcher dispatcher) {
    return bind(system, settings, registry, CompletableFuture.completedFuture(dispatcher));
  }

  /**
   * Binds the port at once; connections accepted before {@code dispatcher} completes wait for it.
   * This lets a node learn its bound port (for port 0) before building handlers that need it.
   */
  public static CompletionStage<FrontDoor> bind(
      ActorSystem<?> system,
      Settings settings,
      ConnectionRegistry registry,
      CompletionStage<RequestDispatcher> dispatcher) {
    FrontDoor door = new FrontDoor(system, settings, registry);
    return Tcp.get(system)
        .bind(
            settings.host(),
            settings.port(),
            BACKLOG,
            List.of(),
            false,
            Optional.of(settings.idleTimeout()))
        .mapAsync(
            1,
            incoming ->
                dispatcher.thenApply(
                    d -> {
                      door.accept(incoming, d);
                      return Done.getInstance();
                    }))
        .to(Sink.ignore())
        .run(system)
        .thenApply(
            bound -> {
              door.binding = bound;
              log.info("front door listening on {}", bound.localAddress());
              return door;
            });
  }

  public InetSocketAddress boundAddress() {
    return binding.localAddress();
  }

  /** Stops accepting connections; open ones carry on. */
  public CompletionStage<Done> unbind() {
    return binding.unbind().thenApply(unit -> Done.getInstance());
  }

  /**
   * From now on answers two-way requests with SERVICE_NOT_AVAILABLE (oneway ones, such as offset
   * commits, are still served) and completes once no request is in flight or {@code timeout}
   * passes, whichever is first. Parked long polls count as in flight.
   */
  public CompletionStage<Done> drain(Duration timeout) {
    draining = true;
    if (inFlight.get() == 0) {
      drained.complete(Done.getInstance());
    }
    return drained
        .copy()
        .completeOnTimeout(Done.getInstance(), timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(
            done -> {
              int left = inFlight.get();
              if (left > 0) {
                log.info("{} requests still in flight after {}; closing anyway", left, timeout);
              }
              return done;
            });
  }

  /** Closes every connection; completes when all have terminated. */
  public CompletionStage<Done> closeConnections() {
    live.values().forEach(StreamConnection::close);
    CompletableFuture<?>[] all =
        terminations.values().stream()
            .map(CompletionStage::toCompletableFuture)
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(all).handle((v, e) -> Done.getInstance());
  }

  /** Requests dispatched whose reply has not reached the socket yet, on all connections. */
  public int inFlight() {
    return inFlight.get();
  }

  private void accept(Tcp.IncomingConnection incoming, RequestDispatcher dispatcher) {
    long id = registry.nextConnectionId();
    SharedKillSwitch killSwitch = KillSwitches.shared("actormq-connection-" + id);
    StreamConnection conn =
        new StreamConnection(id, incoming.remoteAddress(), killSwitch, registry::nextOpaque);
    registry.register(conn);
    live.put(id, conn);
    log.debug("{} opened", conn);

    Flow<ByteString, ByteString, CompletionStage<Done>> flow =
        Flow.of(ByteString.class)
            // When the client stops talking (it closed, or its framing broke) there is no one
            // to answer: stop now instead of waiting for parked long polls.
            .watchTermination(
                (unused, inputDone) -> {
                  inputDone.whenComplete((d, e) -> conn.close());
                  return unused;
                })
            .via(new CommandFraming(settings.maxFrameBytes(), e -> corrupt(conn, e)))
            .mapAsyncUnordered(settings.parallelism(), cmd -> serve(cmd, conn, dispatcher))
            .mapConcat(reply -> present(reply, conn))
            .merge(
                Source.<Reply>queue(settings.outboundBuffer()).mapMaterializedValue(conn::attach),
                true)
            .mapConcat(FrontDoor::encode)
            .via(killSwitch.<Outgoing>flow())
            .map(out -> handedOver(out, conn))
            .watchTermination((unused, done) -> done);

    CompletionStage<Done> done = incoming.handleWith(flow, system);
    terminations.put(id, done);
    done.whenComplete((d, error) -> terminated(conn, error));
  }

  private CompletionStage<Optional<Reply>> serve(
      RemotingCommand request, StreamConnection conn, RequestDispatcher dispatcher) {
    // Counted before the draining check, so drain() either sees this request or it sees draining.
    inFlight.incrementAndGet();
    conn.inFlight.incrementAndGet();
    if (draining && !request.isOneway() && !request.isResponse()) {
      return CompletableFuture.completedFuture(
          Optional.of(
              Reply.of(
                  RemotingCommand.responseTo(
                      request,
                      ResponseCode.SERVICE_NOT_AVAILABLE,
                      "the broker is shutting down"))));
    }
    return dispatcher.dispatch(request, conn);
  }

  private List<Reply> present(Optional<Reply> reply, StreamConnection conn) {
    if (reply.isEmpty()) {
      finished(conn, 1);
      return List.of();
    }
    return List.of(reply.get());
  }

  private ByteString handedOver(Outgoing out, StreamConnection conn) {
    // Past the kill switch, so a close from now on still writes these bytes before closing.
    if (out.reply()) {
      finished(conn, 1);
    }
    return out.bytes();
  }

  private void finished(StreamConnection conn, int requests) {
    conn.inFlight.addAndGet(-requests);
    if (inFlight.addAndGet(-requests) == 0 && draining) {
      drained.complete(Done.getInstance());
    }
  }

  /**
   * The frame as one rope of byte strings: the JSON header, then each body buffer. Heap buffers are
   * wrapped as they are; others (mapped log slices) are copied once, which the socket needs anyway.
   */
  private static List<Outgoing> encode(Reply reply) {
    RemotingCommand command = reply.command();
    ByteBuffer header;
    try {
      header = RemotingCommandEncoder.encodeHeader(command, reply.bodyLength(), SerializeType.JSON);
    } catch (IllegalArgumentException e) {
      log.warn("cannot encode {}", command, e);
      if (!command.isResponse()) {
        return List.of();
      }
      RemotingCommand error =
          RemotingCommand.of(
              ResponseCode.SYSTEM_ERROR,
              command.language(),
              command.version(),
              command.opaque(),
              RemotingCommand.RESPONSE_FLAG,
              "the response could not be encoded: " + e.getMessage(),
              null,
              null);
      return List.of(new Outgoing(wrap(RemotingCommandEncoder.encode(error)), true));
    }
    ByteString bytes = wrap(header);
    for (ByteBuffer part : reply.body()) {
      bytes = bytes.concat(wrap(part));
    }
    return List.of(new Outgoing(bytes, command.isResponse()));
  }

  private static ByteString wrap(ByteBuffer b) {
    if (b.hasArray()) {
      // Replies hand over their buffers (RemotingCommand's contract), so sharing is safe.
      return ByteString.fromArrayUnsafe(b.array(), b.arrayOffset() + b.position(), b.remaining());
    }
    return ByteString.fromByteBuffer(b);
  }

  private void corrupt(StreamConnection conn, ProtocolException e) {
    log.warn("closing {}: corrupt framing: {}", conn, e.getMessage());
  }

  private void terminated(StreamConnection conn, Throwable error) {
    conn.terminated();
    live.remove(conn.id());
    terminations.remove(conn.id());
    // Requests still in flight will never reach the socket; they no longer hold up a drain.
    int abandoned = conn.inFlight.getAndSet(0);
    if (abandoned > 0 && inFlight.addAndGet(-abandoned) == 0 && draining) {
      drained.complete(Done.getInstance());
    }
    if (error == null) {
      log.debug("{} closed", conn);
    } else if (error instanceof TimeoutException) {
      // Pekko's idle timeout, whichever side of the connection noticed it.
      log.info("closed idle {}", conn);
    } else if (error instanceof StreamTcpException) {
      log.info("{} failed: {}", conn, error.getMessage());
    } else {
      log.warn("{} failed", conn, error);
    }
    registry.unregister(conn.id());
  }
}
