package io.actormq.broker.schedule;

import io.actormq.broker.DeliveryConfig;
import io.actormq.protocol.message.MessageProperties;
import java.time.Duration;

/**
 * When a sent message is due, from its properties: a delay level ({@code DELAY}) or one of the 5.x
 * timer properties ({@code TIMER_DELIVER_MS}, {@code TIMER_DELAY_SEC}, {@code TIMER_DELAY_MS}),
 * checked in that order as RocketMQ does.
 */
public final class DeliveryTime {

  /** Not a delayed message: deliver at once. */
  public static final long NOW = Long.MIN_VALUE;

  private DeliveryTime() {}

  /**
   * The epoch millisecond the message is due at, or {@link #NOW}.
   *
   * @throws IllegalArgumentException if a timer property is not a number or points beyond the
   *     configured horizon (an expected client error: the caller answers it)
   */
  public static long of(String properties, long now, DeliveryConfig config) {
    String level = MessageProperties.get(properties, MessageProperties.DELAY);
    if (level != null) {
      Duration delay = config.delayOf(parse(MessageProperties.DELAY, level));
      return delay == null ? NOW : now + delay.toMillis();
    }
    long due;
    String deliverMs = MessageProperties.get(properties, MessageProperties.TIMER_DELIVER_MS);
    String delaySec = MessageProperties.get(properties, MessageProperties.TIMER_DELAY_SEC);
    String delayMs = MessageProperties.get(properties, MessageProperties.TIMER_DELAY_MS);
    if (deliverMs != null) {
      due = parseLong(MessageProperties.TIMER_DELIVER_MS, deliverMs);
    } else if (delaySec != null) {
      due = now + Math.multiplyExact(parseLong(MessageProperties.TIMER_DELAY_SEC, delaySec), 1000L);
    } else if (delayMs != null) {
      due = now + parseLong(MessageProperties.TIMER_DELAY_MS, delayMs);
    } else {
      return NOW;
    }
    if (due <= now) {
      return NOW;
    }
    long horizon = config.timerHorizon().toMillis();
    if (due - now > horizon) {
      throw new IllegalArgumentException(
          "timer message is due in "
              + (due - now)
              + " ms, beyond the broker's horizon of "
              + horizon
              + " ms");
    }
    return due;
  }

  private static int parse(String name, String value) {
    long parsed = parseLong(name, value);
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parsed));
  }

  private static long parseLong(String name, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("property " + name + " is not a number: " + value);
    }
  }
}
