package io.actormq.broker.queue;

import io.actormq.broker.BrokerConfig;
import io.actormq.persistence.log.FlushService;
import io.actormq.persistence.log.RetentionPolicy;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * What every queue actor of a node shares: configuration, the flusher thread, an executor for
 * blocking file work, the clock, and the sampled disk usage for retention.
 */
public record QueueEnvironment(
    BrokerConfig config,
    FlushService flusher,
    Executor blockingIo,
    LongSupplier clock,
    RetentionPolicy retention,
    DoubleSupplier diskUsedRatio) {}
