package io.actormq.broker.remoting;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's live client connections and what each serves: which client ids use it and, per client,
 * its producer and consumer groups (as its last heartbeat listed them). Broker-to-client calls look
 * connections up here; close listeners learn which clients a closed connection served.
 *
 * <p>Thread-safe without locks of its own: all changes to one connection's entry go through the
 * concurrent map's per-key atomic operations, so a heartbeat racing with the connection's close
 * either lands before the close (and is reported to the listeners) or is ignored.
 */
public final class ConnectionRegistry {

  private static final Logger log = LoggerFactory.getLogger(ConnectionRegistry.class);

  /** One client id on a connection and the groups it belongs to. */
  public record Binding(String clientId, Set<String> producerGroups, Set<String> consumerGroups) {
    public Binding {
      Objects.requireNonNull(clientId, "clientId");
      producerGroups = Set.copyOf(producerGroups);
      consumerGroups = Set.copyOf(consumerGroups);
    }

    boolean isEmpty() {
      return producerGroups.isEmpty() && consumerGroups.isEmpty();
    }
  }

  /** What a connection served when it closed. */
  public record ClosedConnection(
      long connectionId, InetSocketAddress remoteAddress, Map<String, Binding> clients) {

    public Set<String> clientIds() {
      return clients.keySet();
    }
  }

  /** Told about every connection that closes, on the thread that noticed the close. */
  @FunctionalInterface
  public interface CloseListener {
    void connectionClosed(ClosedConnection closed);
  }

  private record Entry(ClientConnection connection, Map<String, Binding> clients) {}

  private final ConcurrentHashMap<Long, Entry> connections = new ConcurrentHashMap<>();
  // clientId -> connection id; the last heartbeat wins when a client reconnects.
  private final ConcurrentHashMap<String, Long> clients = new ConcurrentHashMap<>();
  private final List<CloseListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong connectionIds = new AtomicLong();
  private final AtomicInteger opaques = new AtomicInteger();

  /** A fresh connection id, unique for the life of this registry. */
  public long nextConnectionId() {
    return connectionIds.incrementAndGet();
  }

  /** The broker's own request counter, for the opaque of broker-initiated commands. */
  int nextOpaque() {
    return opaques.incrementAndGet();
  }

  public void addCloseListener(CloseListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeCloseListener(CloseListener listener) {
    listeners.remove(listener);
  }

  /** Adds a live connection (the front door does this; tests may add their own). */
  public void register(ClientConnection connection) {
    Entry previous = connections.putIfAbsent(connection.id(), new Entry(connection, Map.of()));
    if (previous != null) {
      throw new IllegalStateException("connection " + connection.id() + " is registered already");
    }
  }

  /**
   * Removes a connection that has closed and tells the close listeners what it served.
   *
   * @return what it served, or empty if it was not registered (or was removed already)
   */
  public Optional<ClosedConnection> unregister(long connectionId) {
    Entry entry = connections.remove(connectionId);
    if (entry == null) {
      return Optional.empty();
    }
    for (String clientId : entry.clients().keySet()) {
      clients.remove(clientId, connectionId);
    }
    ClosedConnection closed =
        new ClosedConnection(connectionId, entry.connection().remoteAddress(), entry.clients());
    for (CloseListener listener : listeners) {
      try {
        listener.connectionClosed(closed);
      } catch (RuntimeException e) {
        // One broken listener must not keep the others from cleaning up.
        log.warn("close listener {} failed for connection {}", listener, connectionId, e);
      }
    }
    return Optional.of(closed);
  }

  /**
   * Records (replacing what was there) the groups {@code clientId} serves on the connection, as the
   * heartbeat handler learns them. A client seen on another connection before is moved here.
   *
   * @return false if the connection is no longer open; nothing is recorded then
   */
  public boolean bind(
      long connectionId, String clientId, Set<String> producerGroups, Set<String> consumerGroups) {
    Binding binding = new Binding(clientId, producerGroups, consumerGroups);
    Long[] before = new Long[1];
    Entry updated =
        connections.computeIfPresent(
            connectionId,
            (id, entry) -> {
              Map<String, Binding> next = new HashMap<>(entry.clients());
              next.put(clientId, binding);
              // Inside the entry's atomic update, so unregister cannot slip in between.
              before[0] = clients.put(clientId, connectionId);
              return new Entry(entry.connection(), Map.copyOf(next));
            });
    if (updated == null) {
      return false;
    }
    if (before[0] != null && before[0] != connectionId) {
      // The client reconnected: its old connection no longer speaks for it.
      removeClient(before[0], clientId, null, null);
    }
    return true;
  }

  /**
   * Takes groups away from a client (UNREGISTER_CLIENT): the given producer and/or consumer group
   * (null for neither). A client left with no group is forgotten.
   *
   * @return false if the client is not known
   */
  public boolean unbind(String clientId, String producerGroup, String consumerGroup) {
    Long connectionId = clients.get(clientId);
    return connectionId != null
        && removeClient(connectionId, clientId, producerGroup, consumerGroup);
  }

  /** Removes the client entirely when both groups are null, else just those groups. */
  private boolean removeClient(
      long connectionId, String clientId, String producerGroup, String consumerGroup) {
    boolean[] found = new boolean[1];
    connections.computeIfPresent(
        connectionId,
        (id, entry) -> {
          Binding b = entry.clients().get(clientId);
          if (b == null) {
            return entry;
          }
          found[0] = true;
          Map<String, Binding> next = new HashMap<>(entry.clients());
          Binding rest = without(b, producerGroup, consumerGroup);
          if (rest == null || rest.isEmpty()) {
            next.remove(clientId);
            clients.remove(clientId, connectionId);
          } else {
            next.put(clientId, rest);
          }
          return new Entry(entry.connection(), Map.copyOf(next));
        });
    return found[0];
  }

  private static Binding without(Binding b, String producerGroup, String consumerGroup) {
    if (producerGroup == null && consumerGroup == null) {
      return null;
    }
    Set<String> producers = new HashSet<>(b.producerGroups());
    Set<String> consumers = new HashSet<>(b.consumerGroups());
    if (producerGroup != null) {
      producers.remove(producerGroup);
    }
    if (consumerGroup != null) {
      consumers.remove(consumerGroup);
    }
    return new Binding(b.clientId(), producers, consumers);
  }

  public Optional<ClientConnection> connection(long connectionId) {
    return Optional.ofNullable(connections.get(connectionId)).map(Entry::connection);
  }

  /** The connection {@code clientId}'s last heartbeat arrived on, if it is still open. */
  public Optional<ClientConnection> connectionOfClient(String clientId) {
    Long id = clients.get(clientId);
    return id == null ? Optional.empty() : connection(id);
  }

  /**
   * Connections with a client in {@code group}: where CHECK_TRANSACTION_STATE may go. A scan, which
   * is fine for the hundreds of connections a node serves and the rare calls that need it.
   */
  public List<ClientConnection> connectionsOfProducerGroup(String group) {
    List<ClientConnection> out = new ArrayList<>();
    for (Entry e : connections.values()) {
      if (e.clients().values().stream().anyMatch(b -> b.producerGroups().contains(group))) {
        out.add(e.connection());
      }
    }
    return out;
  }

  /** Connections with a client in consumer group {@code group}. */
  public List<ClientConnection> connectionsOfConsumerGroup(String group) {
    List<ClientConnection> out = new ArrayList<>();
    for (Entry e : connections.values()) {
      if (e.clients().values().stream().anyMatch(b -> b.consumerGroups().contains(group))) {
        out.add(e.connection());
      }
    }
    return out;
  }

  /** The clients bound to a connection, by client id; empty if none or not open. */
  public Map<String, Binding> clientsOf(long connectionId) {
    Entry e = connections.get(connectionId);
    return e == null ? Map.of() : e.clients();
  }

  public Collection<ClientConnection> connections() {
    List<ClientConnection> out = new ArrayList<>(connections.size());
    for (Entry e : connections.values()) {
      out.add(e.connection());
    }
    return out;
  }

  public int size() {
    return connections.size();
  }
}
