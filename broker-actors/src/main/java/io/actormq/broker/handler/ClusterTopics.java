package io.actormq.broker.handler;

import io.actormq.broker.Asks;
import io.actormq.broker.cluster.BrokerEntry;
import io.actormq.broker.cluster.ClusterSnapshot;
import io.actormq.broker.cluster.ClusterView;
import io.actormq.broker.topic.TopicConfig;
import io.actormq.broker.topic.TopicLookup;
import io.actormq.broker.topic.TopicRegistry;
import io.actormq.broker.topic.TopicView;
import io.actormq.protocol.body.BrokerData;
import io.actormq.protocol.body.QueueData;
import io.actormq.protocol.body.TopicRouteData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topic across the cluster's brokers, as the name-server requests see it: which live brokers have
 * it (this one from its own view, the others from the cluster directory), creating it on all of
 * them, and the route that names each broker with its own queues.
 */
final class ClusterTopics {

  private static final Logger log = LoggerFactory.getLogger(ClusterTopics.class);

  private final ActorRef<TopicRegistry.Command> localRegistry;
  private final TopicView view;
  private final ClusterView cluster;
  private final String clusterName;
  private final String brokerName;
  private final Supplier<String> advertisedAddress;
  private final ActorSystem<?> system;
  private final Duration askTimeout;

  ClusterTopics(
      ActorRef<TopicRegistry.Command> localRegistry,
      TopicView view,
      ClusterView cluster,
      String clusterName,
      String brokerName,
      Supplier<String> advertisedAddress,
      ActorSystem<?> system,
      Duration askTimeout) {
    this.localRegistry = localRegistry;
    this.view = view;
    this.cluster = cluster;
    this.clusterName = clusterName;
    this.brokerName = brokerName;
    this.advertisedAddress = advertisedAddress;
    this.system = system;
    this.askTimeout = askTimeout;
  }

  /** A broker's share of a topic, and where clients reach that broker. */
  record Hosted(TopicConfig config, String address) {}

  /** What creating a topic on every live broker gave: this broker's answer, and who has it now. */
  record Created(TopicLookup local, Map<String, Hosted> hosts) {}

  /** The live brokers that have the topic, by name; this one from its own fresher view. */
  Map<String, Hosted> hostsOf(String topic) {
    Map<String, Hosted> hosts = new TreeMap<>();
    TopicConfig here = view.get(topic);
    if (here != null) {
      hosts.put(brokerName, new Hosted(here, advertisedAddress.get()));
    }
    cluster
        .snapshot()
        .liveOthers()
        .forEach(
            (name, entry) -> {
              TopicConfig there = entry.topics().get(topic);
              if (there != null) {
                hosts.put(name, new Hosted(there, entry.address()));
              }
            });
    return hosts;
  }

  /**
   * A topic nobody has yet gets queues on every live broker, as RocketMQ's auto-creation gives it
   * queues on every broker that producers send to. A broker that does not answer in time is left
   * out; it creates the topic itself when a client sends it one. A broker the failure detector
   * currently doubts is asked too, but not waited for: the route leaves it out until it is
   * reachable again, and then it has the topic like the others.
   */
  CompletionStage<Created> createEverywhere(String topic) {
    ClusterSnapshot snapshot = cluster.snapshot();
    Map<String, CompletableFuture<Hosted>> remote = new TreeMap<>();
    snapshot
        .registries()
        .forEach(
            (broker, registry) -> {
              CompletableFuture<TopicLookup> created = getOrCreate(registry, topic);
              BrokerEntry live = snapshot.liveOthers().get(broker);
              if (live != null) {
                remote.put(
                    broker,
                    created.handle((reply, failure) -> hosted(topic, live, reply, failure)));
              }
            });
    CompletableFuture<TopicLookup> local = getOrCreate(localRegistry, topic);
    CompletableFuture<?>[] all = new CompletableFuture<?>[remote.size() + 1];
    int i = 0;
    for (CompletableFuture<Hosted> f : remote.values()) {
      all[i++] = f;
    }
    all[i] = local;
    return CompletableFuture.allOf(all)
        .thenApply(
            done -> {
              Map<String, Hosted> hosts = new TreeMap<>();
              if (local.join() instanceof TopicLookup.Found found) {
                hosts.put(brokerName, new Hosted(found.config(), advertisedAddress.get()));
              }
              remote.forEach(
                  (broker, f) -> {
                    Hosted h = f.join();
                    if (h != null) {
                      hosts.put(broker, h);
                    }
                  });
              return new Created(local.join(), hosts);
            });
  }

  private CompletableFuture<TopicLookup> getOrCreate(
      ActorRef<TopicRegistry.Command> registry, String topic) {
    return Asks.<TopicRegistry.Command, TopicLookup>ask(
        registry, r -> new TopicRegistry.GetOrCreate(topic, 0, r), askTimeout, system.scheduler());
  }

  private static Hosted hosted(
      String topic, BrokerEntry broker, TopicLookup reply, Throwable failure) {
    if (reply instanceof TopicLookup.Found found) {
      return new Hosted(found.config(), broker.address());
    }
    if (failure != null) {
      log.warn("creating topic {} on broker {}: {}", topic, broker.broker(), failure.toString());
    }
    return null;
  }

  /** The route of a topic these brokers have; an ordered topic names each one's queue count. */
  TopicRouteData route(Map<String, Hosted> hosts) {
    List<QueueData> queues = new ArrayList<>();
    List<BrokerData> brokers = new ArrayList<>();
    StringBuilder order = new StringBuilder();
    hosts.forEach(
        (broker, hosted) -> {
          queues.add(hosted.config().toQueueData(broker));
          brokers.add(brokerData(broker, hosted.address()));
          if (hosted.config().order()) {
            if (order.length() > 0) {
              order.append(';');
            }
            order.append(broker).append(':').append(hosted.config().writeQueueNums());
          }
        });
    return new TopicRouteData(
        order.length() > 0 ? order.toString() : null, queues, brokers, Map.of());
  }

  BrokerData brokerData(String broker, String address) {
    return new BrokerData(clusterName, broker, Map.of(BrokerData.MASTER_ID, address));
  }
}
