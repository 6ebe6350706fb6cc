package io.actormq.broker.cluster;

import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;

/**
 * Entity and shard ids of things a broker owns on its node's disk (its queues): the entity id is
 * {@code <broker>/<local id>}, the shard id {@code <broker>#<n>}, so a shard never mixes brokers
 * and {@link BrokerPlacement} can read from a shard id alone which node it belongs on.
 */
public final class BrokerShards<M> extends ShardingMessageExtractor<ShardingEnvelope<M>, M> {

  private final int shardsPerBroker;

  public BrokerShards(int shardsPerBroker) {
    if (shardsPerBroker < 1) {
      throw new IllegalArgumentException("shardsPerBroker must be positive");
    }
    this.shardsPerBroker = shardsPerBroker;
  }

  public static String entityId(String broker, String localId) {
    return broker + '/' + localId;
  }

  public static String brokerOfEntity(String entityId) {
    int slash = entityId.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("not a broker entity id: " + entityId);
    }
    return entityId.substring(0, slash);
  }

  public static String localIdOf(String entityId) {
    int slash = entityId.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("not a broker entity id: " + entityId);
    }
    return entityId.substring(slash + 1);
  }

  public static String brokerOfShard(String shardId) {
    int hash = shardId.lastIndexOf('#');
    if (hash <= 0) {
      throw new IllegalArgumentException("not a broker shard id: " + shardId);
    }
    return shardId.substring(0, hash);
  }

  @Override
  public String entityId(ShardingEnvelope<M> envelope) {
    return envelope.entityId();
  }

  @Override
  public String shardId(String entityId) {
    String localId = localIdOf(entityId);
    return brokerOfEntity(entityId) + '#' + Math.floorMod(localId.hashCode(), shardsPerBroker);
  }

  @Override
  public M unwrapMessage(ShardingEnvelope<M> envelope) {
    return envelope.message();
  }
}
