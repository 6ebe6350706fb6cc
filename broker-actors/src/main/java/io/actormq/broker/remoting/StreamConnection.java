package io.actormq.broker.remoting;

import io.actormq.protocol.remoting.RemotingCommand;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.SharedKillSwitch;

/**
 * The front door's connection: a stream whose outbound side also takes broker-initiated commands.
 */
final class StreamConnection implements ClientConnection {

  private final long id;
  private final InetSocketAddress remoteAddress;
  private final SharedKillSwitch killSwitch;
  private final IntSupplier opaques;
  // Requests of this connection dispatched whose reply has not reached the socket stage yet.
  final AtomicInteger inFlight = new AtomicInteger();
  // Attached while the connection's stream materializes; until then send() reports false.
  private volatile BoundedSourceQueue<Reply> outbound;
  private volatile boolean open = true;

  StreamConnection(
      long id, InetSocketAddress remoteAddress, SharedKillSwitch killSwitch, IntSupplier opaques) {
    this.id = id;
    this.remoteAddress = remoteAddress;
    this.killSwitch = killSwitch;
    this.opaques = opaques;
  }

  NotUsed attach(BoundedSourceQueue<Reply> queue) {
    this.outbound = queue;
    return NotUsed.getInstance();
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public boolean send(RemotingCommand command) {
    BoundedSourceQueue<Reply> queue = outbound;
    if (!open || queue == null) {
      return false;
    }
    int flag = (command.flag() | RemotingCommand.ONEWAY_FLAG) & ~RemotingCommand.RESPONSE_FLAG;
    RemotingCommand stamped = command.withOpaque(opaques.getAsInt()).withFlag(flag);
    return queue.offer(Reply.of(stamped)) == QueueOfferResult.enqueued();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  /**
   * Completes the outbound side: bytes already handed to the socket stage are still written, then
   * the socket is closed; replies not yet computed are dropped.
   */
  @Override
  public void close() {
    open = false;
    killSwitch.shutdown();
  }

  /**
   * Called once the stream has ended, whichever way. The outbound queue went down with the stream,
   * so later offers report it closed.
   */
  void terminated() {
    open = false;
  }

  @Override
  public String toString() {
    return "connection " + id + " from " + remoteAddress;
  }
}
