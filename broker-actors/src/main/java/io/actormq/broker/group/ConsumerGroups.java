package io.actormq.broker.group;

import io.actormq.broker.BrokerConfig;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.protocol.body.ConsumerData;
import io.actormq.protocol.body.HeartbeatData;
import io.actormq.protocol.body.ProducerData;
import io.actormq.protocol.body.SubscriptionData;
import io.actormq.protocol.header.NotifyConsumerIdsChangedRequestHeader;
import io.actormq.protocol.message.SubscriptionExpression;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Consumer and producer group membership, learnt from heartbeats.
 *
 * <p>Membership is soft state: clients heartbeat every 30 s, so after a restart it rebuilds itself
 * and nothing is persisted. A member leaves by UNREGISTER_CLIENT, when its connection closes, or
 * when it has been silent for {@code actormq.clients.expiry}. Whenever a consumer group gains or
 * loses a member, every member is sent NOTIFY_CONSUMER_IDS_CHANGED so the client-side rebalance
 * runs at once instead of at the next 20 s tick.
 *
 * <p>The state lives in mutable maps confined to this actor; readers get immutable {@link
 * GroupsSnapshot}s through the {@link GroupsView}, republished only when something they can see
 * changes (not on every heartbeat's timestamp).
 */
public final class ConsumerGroups extends AbstractBehavior<ConsumerGroups.Command> {

  /**
   * @param expiry a client silent this long leaves its groups ({@code actormq.clients.expiry})
   * @param checkInterval how often silence is checked ({@code
   *     actormq.clients.expiry-check-interval})
   */
  public record Settings(Duration expiry, Duration checkInterval) {

    public static Settings from(BrokerConfig config) {
      return new Settings(config.clientExpiry(), config.clientExpiryCheckInterval());
    }
  }

  // Not CborSerializable: heartbeats carry node-local connections.
  public sealed interface Command {}

  /** Registers the client in every group of the heartbeat, then replies. */
  public record Heartbeat(
      HeartbeatData data, ClientConnection connection, ActorRef<HeartbeatAck> replyTo)
      implements Command {}

  /**
   * @param joined consumer groups this heartbeat added the client to
   */
  public record HeartbeatAck(String clientId, Set<String> joined) {}

  /** Removes the client from the named groups (either may be null). */
  public record Unregister(
      String clientId, String producerGroup, String consumerGroup, ActorRef<Done> replyTo)
      implements Command {}

  /** The front door closed this connection: its clients leave every group. */
  public record ConnectionClosed(long connectionId) implements Command {}

  /**
   * Members of these groups connected to other nodes came or went: the local members are told to
   * rebalance, as they are when a local member comes or goes.
   */
  public record MembersElsewhereChanged(Set<String> groups) implements Command {}

  public record GetConsumerIds(String group, ActorRef<ConsumerIds> replyTo) implements Command {}

  /** Sorted; empty if the group has no members. */
  public record ConsumerIds(String group, List<String> clientIds) {}

  public record GetSnapshot(ActorRef<GroupsSnapshot> replyTo) implements Command {}

  enum CheckExpiry implements Command {
    INSTANCE
  }

  private record Member(
      String clientId, ClientConnection connection, ConsumerData data, long lastHeartbeat) {}

  private record Producer(String clientId, ClientConnection connection, long lastHeartbeat) {}

  private final Settings settings;
  private final GroupsView view;
  private final Clock clock;
  private final Map<String, Map<String, Member>> consumers = new HashMap<>();
  private final Map<String, Map<String, Producer>> producers = new HashMap<>();
  private GroupsSnapshot published = GroupsSnapshot.EMPTY;

  private ConsumerGroups(
      ActorContext<Command> context, Settings settings, GroupsView view, Clock clock) {
    super(context);
    this.settings = settings;
    this.view = view;
    this.clock = clock;
  }

  public static Behavior<Command> create(Settings settings, GroupsView view) {
    return create(settings, view, Clock.systemUTC());
  }

  /** With a clock of the caller's choosing, so tests can move time. */
  public static Behavior<Command> create(Settings settings, GroupsView view, Clock clock) {
    return Behaviors.setup(
        ctx -> {
          // Named here: otherwise Pekko guesses the logger from the stack of the first log call,
          // which may be its timer code, and the lines end up under
          // org.apache.pekko.actor.ActorCell
          // (filtered to WARN by logback.xml).
          ctx.setLoggerName(ConsumerGroups.class);
          return Behaviors.withTimers(
              timers -> {
                timers.startTimerWithFixedDelay(CheckExpiry.INSTANCE, settings.checkInterval());
                return new ConsumerGroups(ctx, settings, view, clock);
              });
        });
  }

  /**
   * The listener to hand to the connection registry: the id of each closed connection becomes a
   * {@link ConnectionClosed} message here, so the registry's thread never touches group state.
   */
  public static LongConsumer connectionClosedListener(ActorRef<Command> groups) {
    return connectionId -> groups.tell(new ConnectionClosed(connectionId));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Heartbeat.class, this::onHeartbeat)
        .onMessage(Unregister.class, this::onUnregister)
        .onMessage(ConnectionClosed.class, this::onConnectionClosed)
        .onMessage(MembersElsewhereChanged.class, this::onMembersElsewhereChanged)
        .onMessage(GetConsumerIds.class, this::onGetConsumerIds)
        .onMessage(GetSnapshot.class, this::onGetSnapshot)
        .onMessageEquals(CheckExpiry.INSTANCE, this::onCheckExpiry)
        .build();
  }

  private Behavior<Command> onHeartbeat(Heartbeat hb) {
    HeartbeatData data = hb.data();
    String clientId = data.clientID();
    ClientConnection connection = hb.connection();
    long now = clock.millis();
    Set<String> changed = new HashSet<>();
    Set<String> joined = new TreeSet<>();
    for (ConsumerData cd : data.consumerDataSet()) {
      String group = cd.groupName();
      if (group == null || group.isBlank()) {
        continue;
      }
      Map<String, Member> members = consumers.computeIfAbsent(group, g -> new HashMap<>());
      Member previous = members.get(clientId);
      ConsumerData effective = cd;
      if (data.withoutSub() && previous != null) {
        // Heartbeat V2 leaves out unchanged subscriptions: keep the ones we know.
        effective =
            new ConsumerData(
                cd.groupName(),
                cd.consumeType(),
                cd.messageModel(),
                cd.consumeFromWhere(),
                cd.unitMode(),
                previous.data().subscriptionDataSet());
      }
      members.put(clientId, new Member(clientId, connection, effective, now));
      if (previous == null) {
        joined.add(group);
        changed.add(group);
        getContext().getLog().info("consumer {} joined group {}", clientId, group);
      } else if (previous.connection().id() != connection.id()
          || !previous.data().equals(effective)) {
        changed.add(group);
      }
    }
    Set<String> producersChanged = new HashSet<>();
    for (ProducerData pd : data.producerDataSet()) {
      String group = pd.groupName();
      if (group == null || group.isBlank()) {
        continue;
      }
      Producer previous =
          producers
              .computeIfAbsent(group, g -> new HashMap<>())
              .put(clientId, new Producer(clientId, connection, now));
      if (previous == null || previous.connection().id() != connection.id()) {
        producersChanged.add(group);
      }
    }
    republish(changed, producersChanged);
    joined.forEach(this::notifyMembers);
    hb.replyTo().tell(new HeartbeatAck(clientId, Collections.unmodifiableSet(joined)));
    return this;
  }

  private Behavior<Command> onUnregister(Unregister cmd) {
    Set<String> left = new HashSet<>();
    Set<String> producersChanged = new HashSet<>();
    if (cmd.consumerGroup() != null && removeMember(cmd.consumerGroup(), cmd.clientId())) {
      left.add(cmd.consumerGroup());
      getContext()
          .getLog()
          .info("consumer {} unregistered from group {}", cmd.clientId(), cmd.consumerGroup());
    }
    if (cmd.producerGroup() != null && removeProducer(cmd.producerGroup(), cmd.clientId())) {
      producersChanged.add(cmd.producerGroup());
    }
    republish(left, producersChanged);
    left.forEach(this::notifyMembers);
    cmd.replyTo().tell(Done.getInstance());
    return this;
  }

  private Behavior<Command> onMembersElsewhereChanged(MembersElsewhereChanged cmd) {
    cmd.groups().forEach(this::notifyMembers);
    return this;
  }

  private Behavior<Command> onConnectionClosed(ConnectionClosed cmd) {
    // A client that already reconnected has a member on its new connection: keep that one.
    removeWhere(
        m -> m.connection().id() == cmd.connectionId(),
        p -> p.connection().id() == cmd.connectionId(),
        "its connection closed");
    return this;
  }

  private Behavior<Command> onCheckExpiry() {
    long deadline = clock.millis() - settings.expiry().toMillis();
    removeWhere(
        m -> m.lastHeartbeat() < deadline,
        p -> p.lastHeartbeat() < deadline,
        "no heartbeat for " + settings.expiry().toSeconds() + " s");
    return this;
  }

  private Behavior<Command> onGetConsumerIds(GetConsumerIds cmd) {
    cmd.replyTo().tell(new ConsumerIds(cmd.group(), published.consumerIds(cmd.group())));
    return this;
  }

  private Behavior<Command> onGetSnapshot(GetSnapshot cmd) {
    cmd.replyTo().tell(published);
    return this;
  }

  private void removeWhere(
      Predicate<Member> memberGone, Predicate<Producer> producerGone, String reason) {
    Set<String> left = new HashSet<>();
    consumers.forEach(
        (group, members) ->
            members
                .values()
                .removeIf(
                    m -> {
                      boolean gone = memberGone.test(m);
                      if (gone) {
                        left.add(group);
                        getContext()
                            .getLog()
                            .info("consumer {} left group {}: {}", m.clientId(), group, reason);
                      }
                      return gone;
                    }));
    Set<String> producersChanged = new HashSet<>();
    producers.forEach(
        (group, clients) -> {
          if (clients.values().removeIf(producerGone)) {
            producersChanged.add(group);
          }
        });
    consumers.values().removeIf(Map::isEmpty);
    producers.values().removeIf(Map::isEmpty);
    if (!left.isEmpty() || !producersChanged.isEmpty()) {
      republish(left, producersChanged);
      left.forEach(this::notifyMembers);
    }
  }

  private boolean removeMember(String group, String clientId) {
    Map<String, Member> members = consumers.get(group);
    if (members == null || members.remove(clientId) == null) {
      return false;
    }
    if (members.isEmpty()) {
      consumers.remove(group);
    }
    return true;
  }

  private boolean removeProducer(String group, String clientId) {
    Map<String, Producer> clients = producers.get(group);
    if (clients == null || clients.remove(clientId) == null) {
      return false;
    }
    if (clients.isEmpty()) {
      producers.remove(group);
    }
    return true;
  }

  private void republish(Set<String> consumerGroups, Set<String> producerGroups) {
    if (consumerGroups.isEmpty() && producerGroups.isEmpty()) {
      return;
    }
    Map<String, ConsumerGroupInfo> groups = new HashMap<>(published.consumers());
    for (String group : consumerGroups) {
      Map<String, Member> members = consumers.get(group);
      if (members == null || members.isEmpty()) {
        groups.remove(group);
      } else {
        groups.put(group, describe(group, members));
      }
    }
    Map<String, Map<String, ClientConnection>> clients = new HashMap<>(published.producers());
    for (String group : producerGroups) {
      Map<String, Producer> members = producers.get(group);
      if (members == null || members.isEmpty()) {
        clients.remove(group);
      } else {
        Map<String, ClientConnection> connections = new HashMap<>();
        members.forEach((id, p) -> connections.put(id, p.connection()));
        clients.put(group, Map.copyOf(connections));
      }
    }
    published = new GroupsSnapshot(groups, clients);
    view.publish(published);
  }

  private static ConsumerGroupInfo describe(String group, Map<String, Member> members) {
    List<String> ids = new ArrayList<>(members.keySet());
    Collections.sort(ids);
    Map<String, ConsumerMember> described = new HashMap<>();
    Map<String, SubscriptionData> subscriptions = new HashMap<>();
    Member newest = null;
    for (Member m : members.values()) {
      described.put(m.clientId(), new ConsumerMember(m.clientId(), m.connection(), m.data()));
      for (SubscriptionData sub : m.data().subscriptionDataSet()) {
        if (sub.topic() != null) {
          // Members may briefly disagree during a redeploy; the newest expression wins, as in
          // RocketMQ.
          subscriptions.merge(sub.topic(), sub, (a, b) -> b.subVersion() > a.subVersion() ? b : a);
        }
      }
      if (newest == null || m.lastHeartbeat() > newest.lastHeartbeat()) {
        newest = m;
      }
    }
    Map<String, SubscriptionExpression> filters = new HashMap<>();
    subscriptions.forEach(
        (topic, sub) -> {
          if (sub.isTagType()) {
            filters.put(topic, SubscriptionExpression.parse(sub.subString()));
          }
        });
    ConsumerData latest = newest.data();
    return new ConsumerGroupInfo(
        group,
        ids,
        described,
        subscriptions,
        filters,
        latest.consumeType(),
        latest.messageModel(),
        latest.consumeFromWhere());
  }

  private void notifyMembers(String group) {
    Map<String, Member> members = consumers.get(group);
    if (members == null) {
      return;
    }
    // The connection stamps its own opaque on broker-initiated commands.
    RemotingCommand notice =
        RemotingCommand.request(
                RequestCode.NOTIFY_CONSUMER_IDS_CHANGED,
                0,
                new NotifyConsumerIdsChangedRequestHeader(group),
                null)
            .asOneway();
    Set<Long> notified = new HashSet<>();
    for (Member m : members.values()) {
      ClientConnection connection = m.connection();
      if (notified.add(connection.id()) && !connection.send(notice)) {
        // Not fatal: the client rebalances on its own 20 s timer anyway.
        getContext()
            .getLog()
            .debug("could not notify {} of a change in group {}", m.clientId(), group);
      }
    }
  }
}
