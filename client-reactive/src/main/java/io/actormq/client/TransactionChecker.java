package io.actormq.client;

/**
 * Answers a node's check-back for a half message whose outcome it never learned. Runs on a client
 * pool thread; it may block briefly (it usually reads the application's database).
 */
@FunctionalInterface
public interface TransactionChecker {
  TransactionState check(HalfMessage message);
}
