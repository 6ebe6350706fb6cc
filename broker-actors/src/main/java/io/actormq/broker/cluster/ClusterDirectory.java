package io.actormq.broker.cluster;

import io.actormq.broker.topic.TopicConfig;
import io.actormq.broker.topic.TopicRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Keeps this node's picture of the cluster: which members there are and in what state, and what
 * every other broker published about itself (address, topics, consumer-group members) through
 * distributed data. It publishes this broker's own entry whenever its topics or consumer groups
 * change, and the resulting {@link ClusterSnapshot} to the node's {@link ClusterView}.
 *
 * <p>The entries need no durable storage: a broker's topics are event-sourced on its own disk (next
 * to its queues), and a (re)starting broker publishes its entry again; an entry only ever describes
 * data that lives on that broker's node.
 *
 * <p>Entries are eventually consistent (delta propagation, about 200 ms): a route or consumer list
 * asked from two nodes agrees once the latest change has spread. A broker whose node is not Up and
 * reachable is left out, so clients stop sending to it; its entry stays and counts again once it is
 * back.
 */
public final class ClusterDirectory extends AbstractBehavior<ClusterDirectory.Command> {

  /**
   * The name every node gives its topic registry (a system actor), so a node reaches another's
   * registry by the member's address alone, as soon as it knows the member.
   */
  public static final String TOPIC_REGISTRY_NAME = "topics";

  private static final Key<LWWMap<String, BrokerEntry>> BROKERS =
      LWWMapKey.create("actormq-brokers");

  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);

  public sealed interface Command {}

  /** This broker's topics changed. */
  public record LocalTopics(Map<String, TopicConfig> topics) implements Command {}

  /** This broker's consumer groups gained or lost members. */
  public record LocalConsumers(Map<String, List<String>> consumers) implements Command {}

  private record MembershipChanged() implements Command {}

  private record EntriesChanged(Replicator.SubscribeResponse<LWWMap<String, BrokerEntry>> response)
      implements Command {}

  private record WriteFinished(Replicator.UpdateResponse<LWWMap<String, BrokerEntry>> response)
      implements Command {}

  private final ReplicatorMessageAdapter<Command, LWWMap<String, BrokerEntry>> replicator;
  private final SelfUniqueAddress selfNode;
  private final Cluster cluster;
  private final ClusterView view;
  private final Consumer<Set<String>> consumersElsewhereChanged;
  private final ActorRefResolver refs;
  private BrokerEntry self;
  private Map<String, BrokerEntry> entries = Map.of();
  private Map<String, List<String>> lastConsumersElsewhere = Map.of();

  /**
   * @param consumersElsewhereChanged told the consumer groups whose members on other live brokers
   *     changed (members joined or left there, or a broker came or went), so local members can be
   *     told to rebalance
   */
  public static Behavior<Command> create(
      String selfBroker,
      String selfAddress,
      ClusterView view,
      Consumer<Set<String>> consumersElsewhereChanged) {
    return Behaviors.setup(
        ctx ->
            DistributedData.withReplicatorMessageAdapter(
                (ReplicatorMessageAdapter<Command, LWWMap<String, BrokerEntry>> replicator) ->
                    new ClusterDirectory(
                        ctx,
                        replicator,
                        new BrokerEntry(selfBroker, selfAddress, Map.of(), Map.of()),
                        view,
                        consumersElsewhereChanged)));
  }

  private ClusterDirectory(
      ActorContext<Command> ctx,
      ReplicatorMessageAdapter<Command, LWWMap<String, BrokerEntry>> replicator,
      BrokerEntry self,
      ClusterView view,
      Consumer<Set<String>> consumersElsewhereChanged) {
    super(ctx);
    this.replicator = replicator;
    this.selfNode = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
    this.cluster = Cluster.get(ctx.getSystem());
    this.self = self;
    this.view = view;
    this.consumersElsewhereChanged = consumersElsewhereChanged;
    this.refs = ActorRefResolver.get(ctx.getSystem());
    replicator.subscribe(BROKERS, EntriesChanged::new);
    cluster
        .subscriptions()
        .tell(
            Subscribe.create(
                ctx.messageAdapter(
                    ClusterEvent.ClusterDomainEvent.class, event -> new MembershipChanged()),
                ClusterEvent.ClusterDomainEvent.class));
    writeSelf();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(LocalTopics.class, this::onLocalTopics)
        .onMessage(LocalConsumers.class, this::onLocalConsumers)
        .onMessage(MembershipChanged.class, m -> republish())
        .onMessage(EntriesChanged.class, this::onEntriesChanged)
        .onMessage(WriteFinished.class, this::onWriteFinished)
        .build();
  }

  private Behavior<Command> onLocalTopics(LocalTopics msg) {
    if (!msg.topics().equals(self.topics())) {
      self = self.withTopics(msg.topics());
      writeSelf();
    }
    return this;
  }

  private Behavior<Command> onLocalConsumers(LocalConsumers msg) {
    if (!msg.consumers().equals(self.consumers())) {
      self = self.withConsumers(msg.consumers());
      writeSelf();
    }
    return this;
  }

  private Behavior<Command> onEntriesChanged(EntriesChanged msg) {
    if (msg.response() instanceof Replicator.Changed<LWWMap<String, BrokerEntry>> changed) {
      entries = Map.copyOf(changed.get(BROKERS).getEntries());
    }
    return republish();
  }

  private Behavior<Command> onWriteFinished(WriteFinished msg) {
    if (!(msg.response() instanceof Replicator.UpdateSuccess)) {
      // The local replica has the entry whatever the answer: a timeout only means some node did
      // not confirm in time (it gets the entry by gossip), anything else a replicator shutting
      // down.
      getContext().getLog().debug("publishing this broker's entry: {}", msg.response());
    }
    return this;
  }

  private void writeSelf() {
    BrokerEntry entry = self;
    replicator.askUpdate(
        replyTo ->
            new Replicator.Update<>(
                BROKERS,
                LWWMap.empty(),
                // Straight to every node, not at the next gossip: a new topic's route should look
                // the same from every node as soon as possible. Entries change rarely.
                new Replicator.WriteAll(WRITE_TIMEOUT),
                replyTo,
                map -> map.put(selfNode, entry.broker(), entry)),
        WriteFinished::new);
  }

  private Behavior<Command> republish() {
    var state = cluster.state();
    Set<Address> unreachable = new HashSet<>();
    state.getUnreachable().forEach(m -> unreachable.add(m.address()));
    List<ClusterSnapshot.NodeInfo> nodes = new ArrayList<>();
    Map<String, BrokerEntry> live = new HashMap<>();
    Map<String, ActorRef<TopicRegistry.Command>> upRegistries = new HashMap<>();
    List<Member> members = new ArrayList<>();
    state.getMembers().forEach(members::add);
    members.sort(Comparator.comparing(m -> m.address().toString()));
    for (Member m : members) {
      Optional<String> broker = BrokerRoles.brokerOf(m);
      boolean reachable = !unreachable.contains(m.address());
      BrokerEntry entry = broker.map(entries::get).orElse(null);
      nodes.add(
          new ClusterSnapshot.NodeInfo(
              broker.orElse(null),
              m.address().toString(),
              m.status().toString(),
              reachable,
              broker.filter(self.broker()::equals).isPresent()
                  ? self.address()
                  : entry == null ? null : entry.address()));
      if (entry != null
          && m.status() == MemberStatus.up()
          && !entry.broker().equals(self.broker())) {
        // An unreachable member may only be slow (a false alarm under load): it is left out of
        // routes, but still offered new topics, so the cluster stays one namespace when it is back.
        upRegistries.put(
            entry.broker(), refs.resolveActorRef(m.address() + "/system/" + TOPIC_REGISTRY_NAME));
        if (reachable) {
          live.put(entry.broker(), entry);
        }
      }
    }
    ClusterSnapshot snapshot = new ClusterSnapshot(self.broker(), nodes, live, upRegistries);
    view.publish(snapshot);
    notifyConsumerChanges(snapshot);
    return this;
  }

  private void notifyConsumerChanges(ClusterSnapshot snapshot) {
    Map<String, List<String>> now = new HashMap<>();
    for (BrokerEntry entry : snapshot.liveOthers().values()) {
      for (String group : entry.consumers().keySet()) {
        now.computeIfAbsent(group, snapshot::consumersElsewhere);
      }
    }
    Set<String> changed = new HashSet<>();
    for (String group : now.keySet()) {
      if (!Objects.equals(now.get(group), lastConsumersElsewhere.get(group))) {
        changed.add(group);
      }
    }
    for (String group : lastConsumersElsewhere.keySet()) {
      if (!now.containsKey(group)) {
        changed.add(group);
      }
    }
    lastConsumersElsewhere = Map.copyOf(now);
    if (!changed.isEmpty()) {
      consumersElsewhereChanged.accept(Set.copyOf(changed));
    }
  }
}
