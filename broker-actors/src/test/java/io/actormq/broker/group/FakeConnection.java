package io.actormq.broker.group;

import io.actormq.broker.remoting.ClientConnection;
import io.actormq.protocol.remoting.RemotingCommand;
import java.net.InetSocketAddress;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;

/** A connection whose broker-to-client sends arrive at a probe. */
public final class FakeConnection implements ClientConnection {

  private final long id;
  private final TestProbe<RemotingCommand> sent;
  private volatile boolean open = true;

  public FakeConnection(ActorTestKit kit, long id) {
    this.id = id;
    this.sent = kit.createTestProbe();
  }

  /** What the broker sent to this client. */
  public TestProbe<RemotingCommand> sent() {
    return sent;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return new InetSocketAddress("127.0.0.1", 40000 + (int) id);
  }

  @Override
  public boolean send(RemotingCommand command) {
    if (!open) {
      return false;
    }
    sent.ref().tell(command);
    return true;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
