package io.actormq.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ReactiveProducer}.
 *
 * @param group producer group
 * @param maxInFlight messages sent but not yet handed downstream; the upstream demand
 * @param failurePolicy what a failed send does to the stream
 * @param retries further attempts after a retriable failure (another queue if unkeyed)
 * @param sendTimeout per attempt
 * @param batchSize above 1, unkeyed messages of one topic that arrive together are coalesced into
 *     batch sends of up to this many
 */
public record ProducerSettings(
    String group,
    int maxInFlight,
    FailurePolicy failurePolicy,
    int retries,
    Duration sendTimeout,
    int batchSize) {

  /** What a send that failed after its retries does to the stream. */
  public enum FailurePolicy {
    /** Emit a {@link SendResult} carrying the error and go on. */
    EMIT_FAILED_RESULT,
    /** Fail the result stream with {@link SendFailedException} and cancel upstream. */
    FAIL_STREAM
  }

  public ProducerSettings {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    if (maxInFlight < 1 || retries < 0 || batchSize < 1) {
      throw new IllegalArgumentException("maxInFlight and batchSize >= 1, retries >= 0");
    }
  }

  public static ProducerSettings of(String group) {
    return new ProducerSettings(
        group, 64, FailurePolicy.EMIT_FAILED_RESULT, 2, Duration.ofSeconds(3), 1);
  }

  public ProducerSettings withMaxInFlight(int n) {
    return new ProducerSettings(group, n, failurePolicy, retries, sendTimeout, batchSize);
  }

  public ProducerSettings withFailurePolicy(FailurePolicy policy) {
    return new ProducerSettings(group, maxInFlight, policy, retries, sendTimeout, batchSize);
  }

  public ProducerSettings withRetries(int n) {
    return new ProducerSettings(group, maxInFlight, failurePolicy, n, sendTimeout, batchSize);
  }

  public ProducerSettings withSendTimeout(Duration timeout) {
    return new ProducerSettings(group, maxInFlight, failurePolicy, retries, timeout, batchSize);
  }

  public ProducerSettings withBatchSize(int n) {
    return new ProducerSettings(group, maxInFlight, failurePolicy, retries, sendTimeout, n);
  }
}
