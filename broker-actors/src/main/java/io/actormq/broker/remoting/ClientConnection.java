package io.actormq.broker.remoting;

import io.actormq.protocol.remoting.RemotingCommand;
import java.net.InetSocketAddress;

/** One client TCP connection, as request handlers and broker-to-client calls see it. */
public interface ClientConnection {

  /** Unique for the life of the node. */
  long id();

  InetSocketAddress remoteAddress();

  /**
   * Sends a broker-initiated command (CHECK_TRANSACTION_STATE, NOTIFY_CONSUMER_IDS_CHANGED) on this
   * connection without waiting; these are oneway, so nothing comes back. The connection stamps the
   * command with the broker's own opaque counter and the oneway flag, so callers may build it with
   * any opaque.
   *
   * @return false if the connection is closed or its outbound buffer is full
   */
  boolean send(RemotingCommand command);

  boolean isOpen();

  /**
   * Closes the connection without waiting: replies still in flight are dropped. For a client that
   * must be cut off (and tests); a client that merely misbehaves gets error responses instead.
   */
  void close();
}
