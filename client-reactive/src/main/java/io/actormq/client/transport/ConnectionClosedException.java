package io.actormq.client.transport;

import java.io.IOException;

/** The connection a request travelled on ended before its response arrived. */
public final class ConnectionClosedException extends IOException {

  public ConnectionClosedException(String address) {
    super("connection to " + address + " closed");
  }
}
