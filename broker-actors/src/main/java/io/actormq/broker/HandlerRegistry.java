package io.actormq.broker;

import io.actormq.broker.remoting.RequestDispatcher;

/**
 * Plugs the request handlers into a starting node: called once, after the actor system has joined
 * its cluster and the port is bound, before the first request is dispatched (connections accepted
 * meanwhile wait). Spawn or initialise the actors the handlers talk to here (for example with
 * {@code system().systemActorOf} or cluster sharding) and register one handler per request code.
 * Throwing aborts the start.
 */
@FunctionalInterface
public interface HandlerRegistry {

  void register(NodeContext node, RequestDispatcher.Builder handlers);
}
