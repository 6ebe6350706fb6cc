package io.actormq.broker;

import com.typesafe.config.Config;
import io.actormq.broker.cluster.BrokerRoles;
import io.actormq.broker.cluster.ClusterSettings;
import io.actormq.persistence.log.FlushPolicy;
import io.actormq.persistence.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code actormq} section of the configuration, read once at start (see reference.conf for
 * every key and its meaning).
 */
public record BrokerConfig(
    Path home,
    String host,
    int port,
    String advertisedAddress,
    String clusterName,
    String brokerName,
    boolean autoCreateTopics,
    int defaultQueues,
    int maxBodyBytes,
    int maxFrameBytes,
    int parallelismPerConnection,
    Duration askTimeout,
    LogConfig logConfig,
    Duration groupCommitMaxWait,
    Duration retention,
    Duration retentionCheckInterval,
    Duration offsetsFlushInterval,
    Duration maxLongPollHold,
    Duration clientExpiry,
    Duration clientExpiryCheckInterval,
    Duration lockExpiry,
    DeliveryConfig delivery,
    TransactionConfig transactions,
    ClusterSettings cluster) {

  public BrokerConfig {
    String badName = BrokerRoles.checkName(brokerName);
    if (badName != null) {
      throw new IllegalArgumentException(badName);
    }
  }

  public static BrokerConfig from(Config root) {
    Config c = root.getConfig("actormq");
    String host = c.getString("broker.host");
    int port = c.getInt("broker.port");
    String advertised = c.getString("broker.advertised-address");
    FlushPolicy flush =
        FlushPolicy.valueOf(c.getString("storage.flush").trim().toUpperCase(Locale.ROOT));
    LogConfig log =
        LogConfig.defaults()
            .withSegmentBytes(Math.toIntExact(c.getBytes("storage.segment-bytes")))
            .withIndexEntriesPerFile(c.getInt("storage.index-entries-per-file"))
            .withFlushPolicy(flush)
            .withFlushInterval(c.getDuration("storage.flush-interval"));
    return new BrokerConfig(
        Path.of(c.getString("home")),
        host,
        port,
        advertised.isBlank() ? host + ":" + port : advertised,
        c.getString("broker.cluster-name"),
        c.getString("broker.broker-name"),
        c.getBoolean("topics.auto-create"),
        c.getInt("topics.default-queues"),
        Math.toIntExact(c.getBytes("messages.max-body-bytes")),
        Math.toIntExact(c.getBytes("remoting.max-frame-bytes")),
        c.getInt("remoting.parallelism-per-connection"),
        c.getDuration("remoting.ask-timeout"),
        log,
        c.getDuration("storage.group-commit-max-wait"),
        c.getDuration("storage.retention"),
        c.getDuration("storage.retention-check-interval"),
        c.getDuration("storage.offsets-flush-interval"),
        c.getDuration("long-poll.max-hold"),
        c.getDuration("clients.expiry"),
        c.getDuration("clients.expiry-check-interval"),
        c.getDuration("orderly.lock-expiry"),
        DeliveryConfig.from(c.getConfig("delivery")),
        TransactionConfig.from(c.getConfig("transactions")),
        ClusterSettings.from(c));
  }

  /** Where the queue {@code topic@queueId} keeps its log and offsets. */
  public Path queueDir(String topic, int queueId) {
    return home.resolve("queues").resolve(topic).resolve(Integer.toString(queueId));
  }
}
