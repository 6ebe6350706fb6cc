package io.actormq.broker.cluster;

import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.apache.pekko.dispatch.Futures;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

/**
 * Data-aware shard allocation: a shard of broker B (see {@link BrokerShards}) goes to the member
 * that serves B, because that is the disk its queues' logs are on, and nowhere else.
 *
 * <p>When B's node is not Up, allocation fails on purpose: the coordinator retries, and requests
 * for B's queues wait in the asking region (and time out as their asks do) until B is back. Writes
 * go elsewhere meanwhile because routes leave B out. Rebalancing never moves anything: a shard is
 * only ever where its data is. A new broker's queues are new shards, so new topics spread over
 * every node as each node creates its own queues of them.
 */
public final class BrokerPlacement extends ShardCoordinator.AbstractShardAllocationStrategy
    implements ShardCoordinator.ActorSystemDependentAllocationStrategy {

  /** Why a shard has no home right now; the coordinator logs it and retries. */
  public static final class BrokerUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BrokerUnavailable(String message) {
      super(message, null, false, false);
    }
  }

  private volatile Cluster cluster;

  @Override
  public void start(ActorSystem system) {
    cluster = Cluster.get(system);
  }

  @Override
  public Future<ActorRef> allocateShard(
      ActorRef requester,
      String shardId,
      java.util.Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
    String broker = BrokerShards.brokerOfShard(shardId);
    Optional<Address> home = homeOf(broker);
    if (home.isEmpty()) {
      return Futures.failed(new BrokerUnavailable("broker " + broker + " has no Up member"));
    }
    for (ActorRef region : currentShardAllocations.keySet()) {
      if (addressOf(region).equals(home.get())) {
        return Futures.successful(region);
      }
    }
    return Futures.failed(
        new BrokerUnavailable("broker " + broker + " has not registered its shard region yet"));
  }

  @Override
  public Future<Set<String>> rebalance(
      java.util.Map<ActorRef, IndexedSeq<String>> currentShardAllocations,
      Set<String> rebalanceInProgress) {
    return Futures.successful(Collections.emptySet());
  }

  private Optional<Address> homeOf(String broker) {
    for (Member m : cluster.state().getMembers()) {
      if (m.status() == MemberStatus.up()
          && BrokerRoles.brokerOf(m).filter(broker::equals).isPresent()) {
        return Optional.of(m.address());
      }
    }
    return Optional.empty();
  }

  // The coordinator's own region has a local path without host and port.
  private Address addressOf(ActorRef region) {
    Address address = region.path().address();
    return address.hasGlobalScope() ? address : cluster.selfAddress();
  }
}
