package io.actormq.broker.remoting;

import io.actormq.protocol.remoting.RemotingCommand;
import java.net.InetSocketAddress;

/** One client TCP connection, as request handlers and broker-to-client calls see it. */
public interface ClientConnection {

  /** Unique for the life of the node. */
  long id();

  InetSocketAddress remoteAddress();

  /**
   * Sends a broker-initiated command (CHECK_TRANSACTION_STATE, NOTIFY_CONSUMER_IDS_CHANGED) on
   * this connection without waiting; these are oneway, so nothing comes back.
   *
   * @return false if the connection is closed or its outbound buffer is full
   */
  boolean send(RemotingCommand command);

  boolean isOpen();
}
