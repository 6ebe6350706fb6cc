package io.actormq.loadgen;

import java.time.Duration;
import java.util.List;

/**
 * One run's settings, as parsed by {@link OptionsParser}.
 *
 * @param mode what the run does
 * @param namesrv name-server address list (for ActorMQ, the broker itself)
 * @param brokers master brokers the name server must list before the topic is created (a cluster
 *     still forming lists fewer, and the topic would miss the others)
 * @param topic topic to use; null: a fresh one per run, so earlier runs leave no backlog
 * @param queues queue count the topic is created with
 * @param size message body bytes
 * @param threads sending threads (sync, oneway, batch, the backlog fill)
 * @param batch messages per batch request (batch mode and the backlog fill)
 * @param inflight most unacknowledged asynchronous sends (async, e2e)
 * @param duration measured time (after the warm-up); for consume, the longest the drain may take
 * @param warmup time run before measuring, whose figures are dropped
 * @param rate messages per second for e2e and oneway; 0 sends as fast as the client allows
 * @param backlog messages filled before a consume run
 * @param queueCounts the queue counts a many-queues run compares
 * @param consumerThreads the push consumer's listener threads
 * @param pullBatch messages per pull request of the push consumer
 * @param flush flush mode label for the result line (the broker's setting; not enforced here)
 * @param broker broker label for the result line (e.g. actormq, rocketmq)
 * @param label workload label for the result line; defaults to the mode's name
 * @param brokerPid process to sample in /proc (CPU time, RssAnon); 0: none
 * @param clockTicks the kernel's USER_HZ, the unit of /proc/PID/stat times
 * @param reportInterval how often a progress line is printed
 */
public record Options(
    Mode mode,
    String namesrv,
    int brokers,
    String topic,
    int queues,
    int size,
    int threads,
    int batch,
    int inflight,
    Duration duration,
    Duration warmup,
    int rate,
    long backlog,
    List<Integer> queueCounts,
    int consumerThreads,
    int pullBatch,
    String flush,
    String broker,
    String label,
    long brokerPid,
    int clockTicks,
    Duration reportInterval) {

  public Options {
    queueCounts = List.copyOf(queueCounts);
  }

  /** This run with another topic and queue count, labelled as such (one leg of many-queues). */
  Options withQueues(int queueCount, String newLabel) {
    return new Options(
        Mode.SYNC,
        namesrv,
        brokers,
        null,
        queueCount,
        size,
        threads,
        batch,
        inflight,
        duration,
        warmup,
        rate,
        backlog,
        queueCounts,
        consumerThreads,
        pullBatch,
        flush,
        broker,
        newLabel,
        brokerPid,
        clockTicks,
        reportInterval);
  }
}
