package io.actormq.broker.handler;

import io.actormq.protocol.message.SubscriptionExpression;

/** The subscription a consumer group registered for a topic through its heartbeats. */
@FunctionalInterface
public interface SubscriptionLookup {

  /** The group's expression for the topic, or null if no heartbeat has registered one. */
  SubscriptionExpression find(String group, String topic);
}
