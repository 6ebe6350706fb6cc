package io.actormq.client;

/** The outcome of a local transaction, told to the node for its half message. */
public enum TransactionState {
  COMMIT,
  ROLLBACK,
  /** Not known yet: the node will ask the producer group's {@link TransactionChecker} later. */
  UNKNOWN
}
