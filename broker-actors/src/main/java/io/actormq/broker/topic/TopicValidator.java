package io.actormq.broker.topic;

import java.util.Set;

/**
 * RocketMQ's topic rules: names match {@code ^[%|a-zA-Z0-9_-]+$} and are at most 127 characters,
 * some names are reserved for the broker itself, and a topic has 1..1024 queues with only the
 * INHERIT, WRITE, READ and PRIORITY permission bits.
 *
 * <p>The checks return a reason (null when valid) rather than throwing: a bad name is an expected
 * client error and becomes a response remark.
 */
public final class TopicValidator {

  /** The default topic producers name while a topic has no route; it always exists. */
  public static final String AUTO_CREATE_TOPIC = "TBW102";

  public static final String RETRY_PREFIX = "%RETRY%";
  public static final String DLQ_PREFIX = "%DLQ%";
  public static final String SYSTEM_TOPIC_PREFIX = "rmq_sys_";

  public static final int MAX_NAME_LENGTH = 127;

  public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
  public static final String SCHEDULE_TOPIC_V2 = "SCHEDULE_TOPIC_XXXX_V2";
  public static final String TRANS_HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
  public static final String TRANS_OP_HALF_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";

  /** Half messages whose transaction stayed open through every check end up here. */
  public static final String TRANS_CHECK_MAX_TIME_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";

  /** Where delayed, timed and retried messages wait until due. */
  public static final String TIMER_TOPIC = "rmq_sys_wheel_timer";

  private static final Set<String> SYSTEM_TOPICS =
      Set.of(
          AUTO_CREATE_TOPIC,
          SCHEDULE_TOPIC,
          SCHEDULE_TOPIC_V2,
          "BenchmarkTest",
          TRANS_HALF_TOPIC,
          "RMQ_SYS_TRACE_TOPIC",
          TRANS_OP_HALF_TOPIC,
          TRANS_CHECK_MAX_TIME_TOPIC,
          "SELF_TEST_TOPIC",
          "OFFSET_MOVED_EVENT");

  // The broker's internal topics: clients may not write to them directly.
  private static final Set<String> SEND_FORBIDDEN =
      Set.of(
          TIMER_TOPIC,
          SCHEDULE_TOPIC,
          SCHEDULE_TOPIC_V2,
          TRANS_HALF_TOPIC,
          TRANS_OP_HALF_TOPIC,
          TRANS_CHECK_MAX_TIME_TOPIC,
          "SELF_TEST_TOPIC",
          "OFFSET_MOVED_EVENT");

  private static final int KNOWN_PERM_BITS = 0xF;

  private TopicValidator() {}

  /** Null if {@code topic} is a legal name, else why not. */
  public static String checkName(String topic) {
    if (topic == null || topic.isBlank()) {
      return "The specified topic is blank.";
    }
    if (topic.length() > MAX_NAME_LENGTH) {
      return "The specified topic is longer than " + MAX_NAME_LENGTH + " characters.";
    }
    for (int i = 0; i < topic.length(); i++) {
      if (!legalChar(topic.charAt(i))) {
        return "The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$";
      }
    }
    return null;
  }

  /** Null if the queue counts and permission bits are acceptable, else why not. */
  public static String checkQueues(int readQueueNums, int writeQueueNums, int perm) {
    if (readQueueNums < 1 || readQueueNums > TopicConfig.MAX_QUEUES) {
      return "readQueueNums " + readQueueNums + " is outside 1.." + TopicConfig.MAX_QUEUES;
    }
    if (writeQueueNums < 1 || writeQueueNums > TopicConfig.MAX_QUEUES) {
      return "writeQueueNums " + writeQueueNums + " is outside 1.." + TopicConfig.MAX_QUEUES;
    }
    if ((perm & ~KNOWN_PERM_BITS) != 0 || perm < 0) {
      return "perm " + perm + " has bits other than INHERIT 1, WRITE 2, READ 4, PRIORITY 8";
    }
    return null;
  }

  /** Null if {@code config} may be stored, else why not. */
  public static String check(TopicConfig config) {
    String reason = checkName(config.name());
    return reason != null
        ? reason
        : checkQueues(config.readQueueNums(), config.writeQueueNums(), config.perm());
  }

  /** Reserved for the broker: admin tools may not create these and they are never auto-created. */
  public static boolean isSystemTopic(String topic) {
    return SYSTEM_TOPICS.contains(topic) || topic.startsWith(SYSTEM_TOPIC_PREFIX);
  }

  /** Internal topics a client's send must be refused for (NO_PERMISSION in RocketMQ). */
  public static boolean isSendForbidden(String topic) {
    return SEND_FORBIDDEN.contains(topic);
  }

  public static boolean isRetryTopic(String topic) {
    return topic.startsWith(RETRY_PREFIX);
  }

  public static boolean isDlqTopic(String topic) {
    return topic.startsWith(DLQ_PREFIX);
  }

  public static String retryTopic(String consumerGroup) {
    return RETRY_PREFIX + consumerGroup;
  }

  public static String dlqTopic(String consumerGroup) {
    return DLQ_PREFIX + consumerGroup;
  }

  private static boolean legalChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '%'
        || c == '|'
        || c == '_'
        || c == '-';
  }
}
