package io.actormq.loadgen;

import java.util.concurrent.TimeUnit;

/**
 * One kind of load. The run calls {@link #prepare}, {@link #start}, then waits for the warm-up and
 * measuring window (or {@link #awaitDone}), then {@link #close}.
 */
interface Workload extends AutoCloseable {

  /** Clients, topic, and any data the measurement needs (the consume backlog). */
  void prepare() throws Exception;

  /** Starts the load on threads of its own and returns. */
  void start() throws Exception;

  /** True when there is no warm-up: the measuring window opens right before {@link #start}. */
  default boolean measuresFromStart() {
    return false;
  }

  /**
   * Waits up to {@code nanos} for the workload to finish on its own (a drained backlog).
   *
   * @return true if it finished
   */
  default boolean awaitDone(long nanos) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(nanos);
    return false;
  }

  /** The thread count the result line reports. */
  int threads();

  /** Stops the load and shuts the clients down. */
  @Override
  void close();
}
