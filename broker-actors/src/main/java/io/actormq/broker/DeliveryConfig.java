package io.actormq.broker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code actormq.delivery} section: delay levels, the retry budget, the timer's reach and how
 * long a consumer-offset reset ignores the group's commits.
 *
 * @param delayLevels level {@code n} (1-based) waits {@code delayLevels.get(n - 1)}
 */
public record DeliveryConfig(
    List<Duration> delayLevels,
    int maxReconsumeTimes,
    Duration timerHorizon,
    Duration timerTick,
    Duration resetFence) {

  public DeliveryConfig {
    delayLevels = List.copyOf(delayLevels);
    if (delayLevels.isEmpty()) {
      throw new IllegalArgumentException("actormq.delivery.delay-levels names no level");
    }
    if (maxReconsumeTimes < 0) {
      throw new IllegalArgumentException("actormq.delivery.max-reconsume-times is negative");
    }
  }

  public static DeliveryConfig from(Config delivery) {
    List<Duration> levels = new ArrayList<>();
    for (String level : delivery.getString("delay-levels").trim().split("\\s+")) {
      // Parsed as HOCON durations so "1s", "1m", "2h" and "500ms" all read as the user meant.
      levels.add(ConfigFactory.parseString("d = " + level).getDuration("d"));
    }
    return new DeliveryConfig(
        levels,
        delivery.getInt("max-reconsume-times"),
        delivery.getDuration("timer-horizon"),
        delivery.getDuration("timer-tick"),
        delivery.getDuration("reset-fence"));
  }

  /** The delay of {@code level}, clamped to the configured levels; null for level 0 or less. */
  public Duration delayOf(int level) {
    if (level <= 0) {
      return null;
    }
    return delayLevels.get(Math.min(level, delayLevels.size()) - 1);
  }
}
