package io.actormq.broker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.actormq.broker.cluster.BrokerRoles;
import io.actormq.broker.cluster.ClusterSettings;
import io.actormq.broker.remoting.ConnectionRegistry;
import io.actormq.broker.remoting.FrontDoor;
import io.actormq.broker.remoting.RequestDispatcher;
import io.actormq.persistence.log.FlushService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.cluster.typed.Unsubscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running broker node: the actor system (a one-member cluster), the flusher thread, the
 * connection registry and the front door, with the handlers of a {@link HandlerRegistry}.
 *
 * <p>Stopping ({@link #stop()}, SIGTERM or Ctrl-C) runs Pekko's coordinated shutdown: the front
 * door stops accepting (service-unbind), in-flight requests drain for at most {@code
 * actormq.remoting.drain-timeout} (service-requests-done), the remaining connections close
 * (service-stop), the actors stop and close their logs, and last the flusher thread checkpoints and
 * stops.
 */
public final class Node {

  private static final Logger log = LoggerFactory.getLogger(Node.class);

  // A safety net against a start that hangs (a cluster that never forms); normally ~1 s.
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  // How long a JVM shutdown waits for the node; past the coordinated-shutdown phases' own limits.
  private static final Duration JVM_EXIT_WAIT = Duration.ofSeconds(60);

  private static final String SYSTEM_NAME = "actormq";

  private final ActorSystem<Void> system;
  private final NodeContext context;
  private final CompletableFuture<Done> stopped = new CompletableFuture<>();
  private final Thread jvmShutdownHook;

  private Node(ActorSystem<Void> system, NodeContext context) {
    this.system = system;
    this.context = context;
    this.jvmShutdownHook = new Thread(this::stopFromJvmShutdown, "actormq-node-shutdown");
  }

  /** Starts a node with the broker's own handlers ({@link BrokerHandlers}). */
  public static Node start(Config config) {
    return start(config, BrokerHandlers::register);
  }

  /**
   * Starts a node and returns once its port is bound and its handlers are registered.
   *
   * @param config the whole configuration (ActorMQ and Pekko), as {@link BrokerMain} loads it
   * @param handlers where the request handlers come from
   * @throws IllegalStateException if the node cannot start (port in use, cluster not forming,
   *     handler registration failing); whatever was started is stopped again
   */
  public static Node start(Config config, HandlerRegistry handlers) {
    Config resolved = config.resolve();
    BrokerConfig broker = BrokerConfig.from(resolved);
    Config root = withBrokerRole(resolved, broker.brokerName());
    try {
      Files.createDirectories(broker.home());
      BrokerIdentity.claim(broker.home(), broker.brokerName());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the data directory " + broker.home(), e);
    }
    CompletableFuture<Done> up = new CompletableFuture<>();
    ActorSystem<Void> system =
        ActorSystem.create(
            guardian(up, seedAddresses(broker.cluster()), broker.brokerName()), SYSTEM_NAME, root);
    FlushService flushService =
        FlushService.start(
            "actormq-flusher", broker.logConfig().flushInterval(), broker.groupCommitMaxWait());
    CompletableFuture<RequestDispatcher> dispatcher = new CompletableFuture<>();
    try {
      await(up, "joining the cluster");
      ConnectionRegistry connections = new ConnectionRegistry();
      FrontDoor.Settings settings = FrontDoor.Settings.fromConfig(root);
      FrontDoor door =
          await(
              FrontDoor.bind(system, settings, connections, dispatcher),
              "binding " + settings.host() + ":" + settings.port());
      InetSocketAddress bound = door.boundAddress();
      NodeContext context =
          new NodeContext(
              system,
              broker,
              root,
              flushService,
              connections,
              bound,
              advertisedAddress(root, settings.host(), bound.getPort()),
              dispatcher);
      RequestDispatcher.Builder builder = RequestDispatcher.builder();
      handlers.register(context, builder);
      dispatcher.complete(builder.build());
      Node node = new Node(system, context);
      node.wireShutdown(door, flushService, root.getDuration("actormq.remoting.drain-timeout"));
      return node;
    } catch (RuntimeException e) {
      dispatcher.completeExceptionally(e);
      system.terminate();
      awaitQuietly(system.getWhenTerminated());
      flushService.close();
      throw e;
    }
  }

  /** The node's cluster role names its broker, so every member can tell which node serves it. */
  private static Config withBrokerRole(Config config, String brokerName) {
    List<String> roles = new ArrayList<>(config.getStringList("pekko.cluster.roles"));
    roles.add(BrokerRoles.roleOf(brokerName));
    return ConfigFactory.parseMap(Map.of("pekko.cluster.roles", roles), "broker role")
        .withFallback(config);
  }

  private static List<Address> seedAddresses(ClusterSettings cluster) {
    List<Address> seeds = new ArrayList<>();
    for (String seed : cluster.seedNodes()) {
      int colon = seed.lastIndexOf(':');
      seeds.add(
          new Address(
              "pekko",
              SYSTEM_NAME,
              seed.substring(0, colon),
              Integer.parseInt(seed.substring(colon + 1))));
    }
    return seeds;
  }

  /**
   * The guardian joins the node to the seed nodes (or to itself when there are none) and reports
   * when it is Up; it has no protocol.
   */
  private static Behavior<Void> guardian(
      CompletableFuture<Done> up, List<Address> seeds, String brokerName) {
    return Behaviors.setup(
        ctx -> {
          Cluster cluster = Cluster.get(ctx.getSystem());
          ctx.spawn(upWatcher(up, brokerName), "cluster-up-watcher");
          if (seeds.isEmpty()) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
          } else {
            cluster.manager().tell(new JoinSeedNodes(seeds));
          }
          return Behaviors.empty();
        });
  }

  private static Behavior<SelfUp> upWatcher(CompletableFuture<Done> up, String brokerName) {
    return Behaviors.setup(
        ctx -> {
          Cluster cluster = Cluster.get(ctx.getSystem());
          cluster.subscriptions().tell(Subscribe.create(ctx.getSelf(), SelfUp.class));
          return Behaviors.receive(SelfUp.class)
              .onMessage(
                  SelfUp.class,
                  msg -> {
                    String clash = brokerNameClash(cluster, brokerName);
                    if (clash == null) {
                      up.complete(Done.getInstance());
                    } else {
                      up.completeExceptionally(new NodeStartRefused(clash));
                    }
                    cluster.subscriptions().tell(new Unsubscribe<>(ctx.getSelf()));
                    return Behaviors.stopped();
                  })
              .build();
        });
  }

  /** Two nodes serving one broker would each write their own log of its queues. */
  private static String brokerNameClash(Cluster cluster, String brokerName) {
    Address self = cluster.selfMember().address();
    for (Member m : cluster.state().getMembers()) {
      if (!m.address().equals(self)
          && BrokerRoles.brokerOf(m).filter(brokerName::equals).isPresent()) {
        return "broker name "
            + brokerName
            + " is already served by the cluster member "
            + m.address()
            + "; give every node its own actormq.broker.broker-name";
      }
    }
    return null;
  }

  private void wireShutdown(FrontDoor door, FlushService flushService, Duration drainTimeout) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(), "actormq-stop-accepting", door::unbind);
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceRequestsDone(),
        "actormq-drain-requests",
        () -> door.drain(drainTimeout));
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceStop(),
        "actormq-close-connections",
        door::closeConnections);
    // Actors close their logs in PostStop, so the flusher goes last, once the system is gone. Off
    // the terminating thread: with exit-jvm that thread may sit in System.exit waiting for hooks.
    system
        .getWhenTerminated()
        .whenCompleteAsync(
            (terminated, error) -> {
              flushService.close();
              removeJvmShutdownHook();
              log.info("node stopped");
              stopped.complete(Done.getInstance());
            },
            ForkJoinPool.commonPool());
    Runtime.getRuntime().addShutdownHook(jvmShutdownHook);
  }

  /**
   * SIGTERM, Ctrl-C or System.exit: the JVM waits for this hook, so the flusher gets its last word
   * after Pekko's own hook has run the coordinated shutdown.
   */
  private void stopFromJvmShutdown() {
    if (!system
        .settings()
        .config()
        .getBoolean("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook")) {
      CoordinatedShutdown.get(system).run(CoordinatedShutdown.jvmExitReason());
    }
    awaitQuietly(stopped);
  }

  private void removeJvmShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(jvmShutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is exiting, and the hook is what is waiting for this node to stop.
      log.debug("JVM shutdown in progress; the node's shutdown hook stays");
    }
  }

  /** Runs the coordinated shutdown; completes when the node has stopped, flusher included. */
  public CompletionStage<Done> stop() {
    CoordinatedShutdown.get(system).run(CoordinatedShutdown.unknownReason());
    return stopped;
  }

  /** Completes when the node has stopped, however that was triggered. */
  public CompletionStage<Done> whenStopped() {
    return stopped;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** What the handlers were built from. */
  public NodeContext context() {
    return context;
  }

  public BrokerConfig config() {
    return context.config();
  }

  public ConnectionRegistry connections() {
    return context.connections();
  }

  public FlushService flushService() {
    return context.flushService();
  }

  public InetSocketAddress boundAddress() {
    return context.boundAddress();
  }

  public String advertisedAddress() {
    return context.advertisedAddress();
  }

  static String advertisedAddress(Config root, String host, int boundPort) {
    String configured = root.getString("actormq.broker.advertised-address").trim();
    if (!configured.isEmpty()) {
      return configured;
    }
    return reachableHost(host) + ":" + boundPort;
  }

  /** A wildcard bind address cannot be handed to clients; this machine's address can. */
  private static String reachableHost(String host) {
    try {
      if (!InetAddress.getByName(host).isAnyLocalAddress()) {
        return host;
      }
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      log.warn(
          "cannot resolve {} ({}); advertising it as is, set actormq.broker.advertised-address",
          host,
          e.getMessage());
      return host;
    }
  }

  private static <T> T await(CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(what + " failed: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " did not finish within " + START_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " was interrupted", e);
    }
  }

  private static void awaitQuietly(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(JVM_EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.warn("the node did not stop cleanly: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
