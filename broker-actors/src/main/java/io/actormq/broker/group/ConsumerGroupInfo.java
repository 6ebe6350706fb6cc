package io.actormq.broker.group;

import io.actormq.protocol.body.ConsumerData;
import io.actormq.protocol.body.SubscriptionData;
import io.actormq.protocol.message.SubscriptionExpression;
import java.util.List;
import java.util.Map;

/**
 * A consumer group as published to readers: the sorted member ids every member must see alike (the
 * client-side rebalance depends on it), each member, and the group's subscriptions by topic (per
 * topic the one with the newest subVersion among the members).
 *
 * @param filters per topic, the TAG subscription parsed once for the pull path; topics whose
 *     subscription is not a TAG expression have none (the broker does not filter them)
 * @param consumeType CONSUME_PASSIVELY (push) or CONSUME_ACTIVELY (pull), from the most recent
 *     heartbeat
 * @param messageModel CLUSTERING or BROADCASTING, likewise
 * @param consumeFromWhere CONSUME_FROM_LAST_OFFSET, _FIRST_OFFSET or _TIMESTAMP, likewise
 */
public record ConsumerGroupInfo(
    String group,
    List<String> clientIds,
    Map<String, ConsumerMember> members,
    Map<String, SubscriptionData> subscriptions,
    Map<String, SubscriptionExpression> filters,
    String consumeType,
    String messageModel,
    String consumeFromWhere) {

  public ConsumerGroupInfo {
    clientIds = List.copyOf(clientIds);
    members = Map.copyOf(members);
    subscriptions = Map.copyOf(subscriptions);
    filters = Map.copyOf(filters);
  }

  /** The group's subscription of {@code topic}, or null if no member subscribes to it. */
  public SubscriptionData subscription(String topic) {
    return subscriptions.get(topic);
  }

  /** The parsed TAG filter for {@code topic}, or null if none applies. */
  public SubscriptionExpression filter(String topic) {
    return filters.get(topic);
  }

  public boolean isBroadcasting() {
    return ConsumerData.BROADCASTING.equals(messageModel);
  }
}
