package io.actormq.broker.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code actormq.cluster} section: how this node finds the others.
 *
 * @param seedNodes Artery {@code host:port} of the seed nodes; empty for a single node, which joins
 *     itself
 * @param shardsPerBroker shards each broker's queues are spread over (placement and hand-over
 *     happen per shard; they never move between brokers)
 */
public record ClusterSettings(List<String> seedNodes, int shardsPerBroker) {

  public ClusterSettings {
    seedNodes = List.copyOf(seedNodes);
    for (String seed : seedNodes) {
      int colon = seed.lastIndexOf(':');
      if (colon <= 0 || colon == seed.length() - 1) {
        throw new IllegalArgumentException(
            "actormq.cluster.seed-nodes: '" + seed + "' is not host:port");
      }
      try {
        Integer.parseInt(seed.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "actormq.cluster.seed-nodes: '" + seed + "' has no numeric port", e);
      }
    }
    if (shardsPerBroker < 1) {
      throw new IllegalArgumentException("actormq.cluster.shards-per-broker must be positive");
    }
  }

  /** Reads {@code cluster.*} of the {@code actormq} section; seeds as a list or comma-separated. */
  public static ClusterSettings from(Config actormq) {
    Config c = actormq.getConfig("cluster");
    List<String> seeds = new ArrayList<>();
    if (c.getValue("seed-nodes").valueType() == ConfigValueType.LIST) {
      c.getStringList("seed-nodes").forEach(s -> addSeed(seeds, s));
    } else {
      for (String s : c.getString("seed-nodes").split(",")) {
        addSeed(seeds, s);
      }
    }
    return new ClusterSettings(seeds, c.getInt("shards-per-broker"));
  }

  private static void addSeed(List<String> seeds, String seed) {
    String trimmed = seed.trim();
    if (!trimmed.isEmpty()) {
      seeds.add(trimmed);
    }
  }

  public boolean singleNode() {
    return seedNodes.isEmpty();
  }
}
