package io.actormq.client;

/**
 * Counters of a consumer, for tests and monitoring.
 *
 * @param pulls pull requests sent
 * @param pulled messages received from pulls
 * @param delivered messages handed to the subscriber (redeliveries included)
 * @param acked acknowledgements
 * @param nacked negative acknowledgements
 * @param maxBufferedPerQueue most messages one queue ever held pulled but not delivered
 * @param assignedQueues queues assigned right now
 */
public record ConsumerStats(
    long pulls,
    long pulled,
    long delivered,
    long acked,
    long nacked,
    int maxBufferedPerQueue,
    int assignedQueues) {}
