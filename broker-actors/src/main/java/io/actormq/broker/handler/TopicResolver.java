package io.actormq.broker.handler;

import io.actormq.broker.topic.TopicLookup;
import java.util.concurrent.CompletionStage;

/** Finds a topic for a send or pull, creating it where auto-creation allows. */
@FunctionalInterface
public interface TopicResolver {

  /**
   * @param defaultQueueNums the queue count a producer asks for when the topic is new (its send
   *     header's defaultTopicQueueNums); the registry caps it
   * @param create whether a missing topic may be created (sends and route lookups; not pulls)
   */
  CompletionStage<TopicLookup> resolve(String topic, int defaultQueueNums, boolean create);
}
