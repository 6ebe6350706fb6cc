package io.actormq.broker;

/**
 * A node refuses to start because of how it was configured or where (its data directory belongs to
 * another broker, its broker name is taken in the cluster): the message says what to change, so it
 * is reported without a stack trace.
 */
public final class NodeStartRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public NodeStartRefused(String message) {
    super(message);
  }
}
