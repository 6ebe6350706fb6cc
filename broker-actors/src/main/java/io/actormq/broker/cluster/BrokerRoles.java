package io.actormq.broker.cluster;

import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.cluster.Member;

/**
 * A node serves exactly one logical RocketMQ broker, and says which through a cluster role, so that
 * every member (and the shard coordinator) can map a member to its broker without asking it.
 */
public final class BrokerRoles {

  private static final String PREFIX = "broker-";
  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private BrokerRoles() {}

  /** Null if {@code brokerName} is usable, else why not. */
  public static String checkName(String brokerName) {
    return VALID_NAME.matcher(brokerName).matches()
        ? null
        : "actormq.broker.broker-name '"
            + brokerName
            + "' must be 1 to 64 letters, digits, '_', '-' or '.'";
  }

  public static String roleOf(String brokerName) {
    return PREFIX + brokerName;
  }

  /** The broker the member serves, if it is an ActorMQ node. */
  public static Optional<String> brokerOf(Member member) {
    for (String role : member.getRoles()) {
      if (role.startsWith(PREFIX)) {
        return Optional.of(role.substring(PREFIX.length()));
      }
    }
    return Optional.empty();
  }
}
