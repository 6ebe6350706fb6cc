package io.actormq.broker;

import com.typesafe.config.Config;
import io.actormq.broker.remoting.ConnectionRegistry;
import io.actormq.broker.remoting.RequestDispatcher;
import io.actormq.persistence.log.FlushService;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What a {@link HandlerRegistry} gets to build the node's handlers from: everything is running and
 * the port is bound, but no request has been dispatched yet.
 *
 * @param config the typed configuration; its {@code port()} and {@code advertisedAddress()} are the
 *     configured ones, so with port 0 use {@link #boundAddress()} and {@link #advertisedAddress()}
 *     here instead
 * @param rawConfig the whole resolved configuration, for keys {@link BrokerConfig} does not carry
 * @param flushService the node's one flusher thread, for every {@code QueueLog} the node opens;
 *     closed by the node after the actor system has terminated
 * @param connections live connections and the groups they serve, for heartbeat handlers and
 *     broker-to-client calls
 * @param advertisedAddress the {@code host:port} clients are told to use: {@code
 *     actormq.broker.advertised-address} if set, else the host and the bound port
 * @param dispatcher the node's request dispatcher, complete once every handler is registered (for
 *     requests that reach the node other than through its front door)
 */
public record NodeContext(
    ActorSystem<Void> system,
    BrokerConfig config,
    Config rawConfig,
    FlushService flushService,
    ConnectionRegistry connections,
    InetSocketAddress boundAddress,
    String advertisedAddress,
    CompletionStage<RequestDispatcher> dispatcher) {}
