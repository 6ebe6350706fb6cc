package io.actormq.multijvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free loopback ports for child JVMs. A port is free when we could bind it a moment ago; another
 * process may still take it before the child binds, so callers retry on a bind clash.
 */
final class FreePorts {

  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  // The kernel may hand the same ephemeral port out again right after we close it; never give
  // one to two children of this JVM.
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  static int next() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = probe();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no fresh free port after 100 attempts");
  }

  private static int probe() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(LOOPBACK, 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind an ephemeral loopback port", e);
    }
  }
}
