package io.actormq.client;

import io.actormq.protocol.remoting.SerializeType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Settings of one {@link ActorMqClient}. {@code bootstrap} is the {@code namesrvAddr}-style list of
 * nodes to ask for routes (any ActorMQ node answers route requests); the client id is {@code
 * clientIp@instanceName} as the official client forms it, so rebalance sorts both kinds of member
 * alike.
 *
 * @param bootstrap {@code host:port} of the nodes to ask for routes; at least one
 * @param instanceName second part of the client id; unique per client in one JVM
 * @param clientIp first part of the client id
 * @param requestTimeout for every request but long-poll pulls (which add their hold time)
 * @param connectTimeout for opening one connection
 * @param heartbeatInterval heartbeats to every broker seen in a route
 * @param routeRefreshInterval re-reads the routes of the topics in use
 * @param reconnectBackoff first wait after a failed connect; doubles per failure
 * @param maxReconnectBackoff cap of that wait
 * @param ioThreads threads of the socket channel group
 * @param workerThreads threads that run the stream stages (and thus subscribers' callbacks)
 * @param serializeType header encoding of the requests
 */
public record ClientConfig(
    List<String> bootstrap,
    String instanceName,
    String clientIp,
    Duration requestTimeout,
    Duration connectTimeout,
    Duration heartbeatInterval,
    Duration routeRefreshInterval,
    Duration reconnectBackoff,
    Duration maxReconnectBackoff,
    int ioThreads,
    int workerThreads,
    SerializeType serializeType) {

  private static final AtomicLong INSTANCES = new AtomicLong();

  public ClientConfig {
    bootstrap = List.copyOf(bootstrap);
    if (bootstrap.isEmpty()) {
      throw new IllegalArgumentException("bootstrap list is empty");
    }
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(clientIp, "clientIp");
    if (ioThreads < 1 || workerThreads < 1) {
      throw new IllegalArgumentException("ioThreads and workerThreads must be positive");
    }
  }

  /** Defaults for a {@code namesrvAddr}-style list: {@code "host:port;host:port"}. */
  public static ClientConfig of(String namesrvAddr) {
    List<String> nodes =
        Arrays.stream(namesrvAddr.split("[;,]"))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    return new ClientConfig(
        nodes,
        ProcessHandle.current().pid() + "#" + INSTANCES.incrementAndGet() + "#" + System.nanoTime(),
        localIp(),
        Duration.ofSeconds(3),
        Duration.ofSeconds(3),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        1,
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        SerializeType.JSON);
  }

  public String clientId() {
    return clientIp + "@" + instanceName;
  }

  public ClientConfig withInstanceName(String name) {
    return new ClientConfig(
        bootstrap,
        name,
        clientIp,
        requestTimeout,
        connectTimeout,
        heartbeatInterval,
        routeRefreshInterval,
        reconnectBackoff,
        maxReconnectBackoff,
        ioThreads,
        workerThreads,
        serializeType);
  }

  public ClientConfig withRequestTimeout(Duration timeout) {
    return new ClientConfig(
        bootstrap,
        instanceName,
        clientIp,
        timeout,
        connectTimeout,
        heartbeatInterval,
        routeRefreshInterval,
        reconnectBackoff,
        maxReconnectBackoff,
        ioThreads,
        workerThreads,
        serializeType);
  }

  public ClientConfig withHeartbeatInterval(Duration interval) {
    return new ClientConfig(
        bootstrap,
        instanceName,
        clientIp,
        requestTimeout,
        connectTimeout,
        interval,
        routeRefreshInterval,
        reconnectBackoff,
        maxReconnectBackoff,
        ioThreads,
        workerThreads,
        serializeType);
  }

  public ClientConfig withReconnectBackoff(Duration first, Duration max) {
    return new ClientConfig(
        bootstrap,
        instanceName,
        clientIp,
        requestTimeout,
        connectTimeout,
        heartbeatInterval,
        routeRefreshInterval,
        first,
        max,
        ioThreads,
        workerThreads,
        serializeType);
  }

  public ClientConfig withSerializeType(SerializeType type) {
    return new ClientConfig(
        bootstrap,
        instanceName,
        clientIp,
        requestTimeout,
        connectTimeout,
        heartbeatInterval,
        routeRefreshInterval,
        reconnectBackoff,
        maxReconnectBackoff,
        ioThreads,
        workerThreads,
        type);
  }

  // The official client also reports a site-local address; only its shape matters to rebalance.
  private static String localIp() {
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      return "127.0.0.1";
    }
  }
}
