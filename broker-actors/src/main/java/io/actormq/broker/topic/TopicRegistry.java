package io.actormq.broker.topic;

import io.actormq.broker.BrokerConfig;
import io.actormq.broker.CborSerializable;
import io.actormq.protocol.body.Permission;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The node's topic metadata, event-sourced through the embedded journal so that topics (and their
 * queue counts, which decide where messages went) survive restarts.
 *
 * <p>Reads on hot paths go through the {@link TopicView} this actor publishes to; commands are for
 * creation, administration and the rare miss. {@code TBW102} exists from the start. Retry and
 * dead-letter topics ({@code %RETRY%g}, {@code %DLQ%g}) are created with one queue on first use
 * even when auto-creation is off, as RocketMQ's broker does: they belong to consumer groups, not to
 * applications.
 */
public final class TopicRegistry
    extends EventSourcedBehavior<TopicRegistry.Command, TopicRegistry.Event, TopicTable> {

  public static final String PERSISTENCE_ID = "actormq-topics";

  /**
   * @param autoCreate create unknown topics on route lookup or send ({@code
   *     actormq.topics.auto-create})
   * @param defaultQueues queues of an auto-created topic and of TBW102 ({@code
   *     actormq.topics.default-queues}); also the cap on a producer's requested count
   * @param snapshotEvery events between snapshots, so recovery replays a bounded tail
   */
  public record Settings(boolean autoCreate, int defaultQueues, int snapshotEvery) {

    public Settings {
      if (defaultQueues < 1 || defaultQueues > TopicConfig.MAX_QUEUES) {
        throw new IllegalArgumentException(
            "default-queues must be in 1.." + TopicConfig.MAX_QUEUES);
      }
      if (snapshotEvery < 1) {
        throw new IllegalArgumentException("snapshotEvery must be positive");
      }
    }

    public static Settings from(BrokerConfig config) {
      return new Settings(config.autoCreateTopics(), config.defaultQueues(), 100);
    }
  }

  // Commands. The reply-to comes last.

  public sealed interface Command extends CborSerializable {}

  /** Replies Found or NotFound; never creates. */
  public record Get(String topic, ActorRef<TopicLookup> replyTo) implements Command {}

  /**
   * The topic, created if missing and allowed: replies Found, NotFound (auto-create off) or
   * Rejected (bad or reserved name).
   *
   * @param requestedQueues the producer's {@code defaultTopicQueueNums}; 0 or less for the default,
   *     capped at the default otherwise (as RocketMQ caps it at TBW102's queue count)
   */
  public record GetOrCreate(String topic, int requestedQueues, ActorRef<TopicLookup> replyTo)
      implements Command {}

  /**
   * Admin create or update, without the reserved-name check (the request handler applies it to
   * clients; broker components may create system topics). Replies Found or Rejected.
   */
  public record CreateOrUpdate(TopicConfig config, ActorRef<TopicLookup> replyTo)
      implements Command {}

  /** Replies Found (the removed topic), NotFound, or Rejected for TBW102. */
  public record Delete(String topic, ActorRef<TopicLookup> replyTo) implements Command {}

  /** Replies the whole table. */
  public record ListTopics(ActorRef<TopicTable> replyTo) implements Command {}

  // Events. Persisted: fields may be added, never renamed or removed.

  public sealed interface Event extends CborSerializable {}

  public record TopicCreated(TopicConfig config) implements Event {}

  public record TopicUpdated(TopicConfig config) implements Event {}

  public record TopicDeleted(String topic) implements Event {}

  private final ActorContext<Command> context;
  private final Settings settings;
  private final TopicView view;

  private TopicRegistry(
      ActorContext<Command> context, PersistenceId id, Settings settings, TopicView view) {
    super(
        id,
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.settings = settings;
    this.view = view;
  }

  public static Behavior<Command> create(Settings settings, TopicView view) {
    return create(settings, view, PersistenceId.ofUniqueId(PERSISTENCE_ID));
  }

  /** With another persistence id, so tests can run several registries on one journal. */
  public static Behavior<Command> create(Settings settings, TopicView view, PersistenceId id) {
    return Behaviors.setup(
        ctx -> {
          // Not left to Pekko's guess from the stack, which may name its persistence internals.
          ctx.setLoggerName(TopicRegistry.class);
          return new TopicRegistry(ctx, id, settings, view);
        });
  }

  @Override
  public TopicTable emptyState() {
    return TopicTable.EMPTY.with(
        new TopicConfig(
            TopicValidator.AUTO_CREATE_TOPIC,
            settings.defaultQueues(),
            settings.defaultQueues(),
            Permission.READ_WRITE | Permission.INHERIT,
            0,
            false));
  }

  @Override
  public CommandHandler<Command, Event, TopicTable> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Get.class, this::onGet)
        .onCommand(GetOrCreate.class, this::onGetOrCreate)
        .onCommand(CreateOrUpdate.class, this::onCreateOrUpdate)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(ListTopics.class, this::onList)
        .build();
  }

  @Override
  public EventHandler<TopicTable, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(TopicCreated.class, (table, e) -> table.with(e.config()))
        .onEvent(TopicUpdated.class, (table, e) -> table.with(e.config()))
        .onEvent(TopicDeleted.class, (table, e) -> table.without(e.topic()))
        .build();
  }

  @Override
  public SignalHandler<TopicTable> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .onSignal(
            RecoveryFailed.class,
            (table, failed) ->
                context.getLog().error("topic registry recovery failed", failed.getFailure()))
        .onSignal(
            SnapshotFailed.class,
            (table, failed) ->
                context
                    .getLog()
                    .warn("topic registry snapshot failed: {}", failed.getFailure().toString()))
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  private void onRecovered(TopicTable table) {
    view.publish(table);
    view.markRecovered();
    context.getLog().info("topic registry recovered {} topics", table.size());
  }

  private Effect<Event, TopicTable> onGet(TopicTable table, Get cmd) {
    TopicConfig config = table.get(cmd.topic());
    cmd.replyTo()
        .tell(
            config != null
                ? new TopicLookup.Found(config)
                : new TopicLookup.NotFound(
                    cmd.topic(), "topic " + cmd.topic() + " does not exist"));
    return Effect().none();
  }

  private Effect<Event, TopicTable> onGetOrCreate(TopicTable table, GetOrCreate cmd) {
    String topic = cmd.topic();
    TopicConfig existing = table.get(topic);
    if (existing != null) {
      cmd.replyTo().tell(new TopicLookup.Found(existing));
      return Effect().none();
    }
    String invalid = TopicValidator.checkName(topic);
    if (invalid != null) {
      cmd.replyTo().tell(new TopicLookup.Rejected(topic, invalid));
      return Effect().none();
    }
    TopicConfig created;
    if (TopicValidator.isRetryTopic(topic) || TopicValidator.isDlqTopic(topic)) {
      created = TopicConfig.of(topic, 1);
    } else if (!settings.autoCreate()) {
      cmd.replyTo()
          .tell(
              new TopicLookup.NotFound(
                  topic, "topic " + topic + " does not exist and auto-creation is off"));
      return Effect().none();
    } else if (TopicValidator.isSystemTopic(topic)) {
      cmd.replyTo()
          .tell(
              new TopicLookup.Rejected(
                  topic, "The topic[" + topic + "] is conflict with system topic."));
      return Effect().none();
    } else {
      int requested = cmd.requestedQueues();
      int queues =
          requested <= 0 ? settings.defaultQueues() : Math.min(requested, settings.defaultQueues());
      created = TopicConfig.of(topic, queues);
    }
    context.getLog().info("auto-creating topic {}", created);
    return persistAndReply(new TopicCreated(created), created, cmd.replyTo());
  }

  private Effect<Event, TopicTable> onCreateOrUpdate(TopicTable table, CreateOrUpdate cmd) {
    TopicConfig config = cmd.config();
    String invalid = TopicValidator.check(config);
    if (invalid != null) {
      cmd.replyTo().tell(new TopicLookup.Rejected(config.name(), invalid));
      return Effect().none();
    }
    TopicConfig existing = table.get(config.name());
    if (config.equals(existing)) {
      cmd.replyTo().tell(new TopicLookup.Found(existing));
      return Effect().none();
    }
    context.getLog().info("{} topic {}", existing == null ? "creating" : "updating", config);
    Event event = existing == null ? new TopicCreated(config) : new TopicUpdated(config);
    return persistAndReply(event, config, cmd.replyTo());
  }

  private Effect<Event, TopicTable> onDelete(TopicTable table, Delete cmd) {
    String topic = cmd.topic();
    TopicConfig existing = table.get(topic);
    if (TopicValidator.AUTO_CREATE_TOPIC.equals(topic)) {
      cmd.replyTo().tell(new TopicLookup.Rejected(topic, topic + " cannot be deleted"));
      return Effect().none();
    }
    if (existing == null) {
      cmd.replyTo().tell(new TopicLookup.NotFound(topic, "topic " + topic + " does not exist"));
      return Effect().none();
    }
    context.getLog().info("deleting topic {}", topic);
    return persistAndReply(new TopicDeleted(topic), existing, cmd.replyTo());
  }

  private Effect<Event, TopicTable> onList(TopicTable table, ListTopics cmd) {
    cmd.replyTo().tell(table);
    return Effect().none();
  }

  // Publish before replying: whoever receives the reply must find the change in the view.
  private Effect<Event, TopicTable> persistAndReply(
      Event event, TopicConfig answer, ActorRef<TopicLookup> replyTo) {
    return Effect()
        .persist(event)
        .thenRun(
            newTable -> {
              view.publish(newTable);
              replyTo.tell(new TopicLookup.Found(answer));
            });
  }
}
