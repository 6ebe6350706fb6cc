package io.actormq.broker;

import com.typesafe.config.Config;
import java.time.Duration;

/** The {@code actormq.transactions} section: when and how often open transactions are checked. */
public record TransactionConfig(
    Duration checkImmunity, Duration checkInterval, int maxChecks, Duration checkTick) {

  public TransactionConfig {
    if (maxChecks < 0) {
      throw new IllegalArgumentException("actormq.transactions.max-checks is negative");
    }
  }

  public static TransactionConfig from(Config c) {
    return new TransactionConfig(
        c.getDuration("check-immunity"),
        c.getDuration("check-interval"),
        c.getInt("max-checks"),
        c.getDuration("check-tick"));
  }
}
