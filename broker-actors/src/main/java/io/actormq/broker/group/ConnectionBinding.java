package io.actormq.broker.group;

import io.actormq.broker.remoting.ClientConnection;
import java.util.Set;

/**
 * Tells the front door's connection registry who is behind a connection, so broker-to-client calls
 * (transaction check-back, offset resets) can find a connection by client id or group. The client
 * handlers call {@link #bind} after every heartbeat and {@link #unbind} on UNREGISTER_CLIENT; both
 * must not block.
 */
@FunctionalInterface
public interface ConnectionBinding {

  /** For wiring without a registry (tests, tools). */
  ConnectionBinding NONE = (connection, clientId, producerGroups, consumerGroups) -> {};

  void bind(
      ClientConnection connection,
      String clientId,
      Set<String> producerGroups,
      Set<String> consumerGroups);

  /** The client left these groups (either may be null). */
  default void unbind(String clientId, String producerGroup, String consumerGroup) {}
}
