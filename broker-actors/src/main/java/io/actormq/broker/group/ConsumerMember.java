package io.actormq.broker.group;

import io.actormq.broker.remoting.ClientConnection;
import io.actormq.protocol.body.ConsumerData;

/**
 * One client's membership in a consumer group as its last heartbeat described it: consume type,
 * message model, consume-from-where and subscriptions are in {@code data}.
 */
public record ConsumerMember(String clientId, ClientConnection connection, ConsumerData data) {}
