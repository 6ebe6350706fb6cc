package io.actormq.loadgen;

/** A command line that cannot be run; the message says why. */
public final class UsageException extends IllegalArgumentException {
  public UsageException(String message) {
    super(message);
  }
}
