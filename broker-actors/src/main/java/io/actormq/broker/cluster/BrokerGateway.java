package io.actormq.broker.cluster;

import io.actormq.broker.CborSerializable;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.Reply;
import io.actormq.broker.remoting.RequestDispatcher;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RemotingCommandDecoder;
import io.actormq.protocol.remoting.RemotingCommandEncoder;
import io.actormq.protocol.remoting.SerializeType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * A broker's door for requests that reached another node: one sharded entity per broker, placed on
 * that broker's node like its queues, which serves a forwarded remoting request exactly as if the
 * client had sent it there (same handlers, this broker's topics, store address and queues) and
 * sends the response back.
 *
 * <p>Requests and responses travel as remoting frames, the same bytes a client would have sent and
 * received, so every request type forwards the same way. Broker-initiated commands cannot reach the
 * client through a forward; requests that need them (heartbeats) are never forwarded.
 */
public final class BrokerGateway {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "broker-gateway");

  private static final String LOCAL_ID = "gateway";
  private static final AtomicLong FORWARDED_IDS = new AtomicLong();

  public sealed interface Command extends CborSerializable {}

  /**
   * @param request the request's remoting frame, without the length prefix
   * @param clientIp the client's IPv4 or IPv6 address, which a stored message records as its born
   *     host
   * @param clientPort the client's port
   */
  public record Forward(
      byte[] request, byte[] clientIp, int clientPort, ActorRef<Forwarded> replyTo)
      implements Command {}

  /**
   * @param response the response's remoting frame without the length prefix; empty for a oneway
   *     request
   */
  public record Forwarded(byte[] response) implements CborSerializable {}

  private record Served(Optional<Reply> reply, ActorRef<Forwarded> replyTo) implements Command {}

  private BrokerGateway() {}

  public static String entityId(String broker) {
    return BrokerShards.entityId(broker, LOCAL_ID);
  }

  public static Behavior<Command> create(CompletionStage<RequestDispatcher> dispatcher) {
    return Behaviors.setup(ctx -> serving(ctx, dispatcher));
  }

  private static Behavior<Command> serving(
      ActorContext<Command> ctx, CompletionStage<RequestDispatcher> dispatcher) {
    return Behaviors.receive(Command.class)
        .onMessage(
            Forward.class,
            forward -> {
              RemotingCommand request = decode(forward.request());
              ClientConnection origin =
                  new ForwardedConnection(
                      FORWARDED_IDS.decrementAndGet(),
                      new InetSocketAddress(
                          InetAddress.getByAddress(forward.clientIp()), forward.clientPort()));
              ctx.pipeToSelf(
                  dispatcher.thenCompose(d -> d.dispatch(request, origin)),
                  (reply, failure) ->
                      // dispatch() answers every failure itself; a failure here is a node that
                      // never finished starting, and the forwarding side's ask times out.
                      new Served(failure == null ? reply : Optional.empty(), forward.replyTo()));
              return Behaviors.same();
            })
        .onMessage(
            Served.class,
            served -> {
              served
                  .replyTo()
                  .tell(
                      new Forwarded(served.reply().map(BrokerGateway::encode).orElse(new byte[0])));
              return Behaviors.same();
            })
        .build();
  }

  /** The request as a frame without its length prefix. */
  public static byte[] encode(RemotingCommand request) {
    ByteBuffer frame = RemotingCommandEncoder.encode(request);
    byte[] bytes = new byte[frame.remaining() - 4];
    frame.position(frame.position() + 4).get(bytes);
    return bytes;
  }

  static byte[] encode(Reply reply) {
    ByteBuffer header =
        RemotingCommandEncoder.encodeHeader(
            reply.command(), reply.bodyLength(), SerializeType.JSON);
    header.position(header.position() + 4);
    byte[] bytes = new byte[header.remaining() + reply.bodyLength()];
    ByteBuffer out = ByteBuffer.wrap(bytes);
    out.put(header);
    for (ByteBuffer part : reply.body()) {
      out.put(part);
    }
    return bytes;
  }

  public static RemotingCommand decode(byte[] frame) {
    return RemotingCommandDecoder.decode(ByteBuffer.wrap(frame));
  }

  /** The client behind a forward, as the serving handlers see it. */
  private record ForwardedConnection(long id, InetSocketAddress remoteAddress)
      implements ClientConnection {

    @Override
    public boolean send(RemotingCommand command) {
      return false;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {
      // Nothing to close here: the client's connection is on the forwarding node.
    }
  }
}
