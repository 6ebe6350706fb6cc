package io.actormq.persistence.log;

/** When an append counts as durable. */
public enum FlushPolicy {
  /** At once: the bytes are in the page cache and a background flusher forces them periodically. */
  ASYNC,
  /**
   * Once an fsync covering the append has returned. Appends that arrive while an fsync is in flight
   * share the next one (group commit).
   */
  SYNC
}
