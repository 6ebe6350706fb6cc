package io.actormq.broker.handler;

import io.actormq.broker.topic.TopicConfig;
import io.actormq.broker.topic.TopicLookup;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.ResponseCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The check every request on an existing queue starts with: the topic exists, allows the access,
 * and has the queue. A queue actor (and its directory) is only ever created for a queue that passed
 * it, so a mistyped topic in a client cannot litter the data directory.
 */
final class QueueRequests {

  private final TopicResolver topics;

  QueueRequests(TopicResolver topics) {
    this.topics = topics;
  }

  /**
   * Runs {@code action} with the topic's config when {@code topic}/{@code queueId} can be read
   * ({@code write} false) or written; otherwise answers with the fitting error.
   */
  CompletionStage<RemotingCommand> onQueue(
      RemotingCommand request,
      String topic,
      int queueId,
      boolean write,
      Function<TopicConfig, CompletionStage<RemotingCommand>> action) {
    return topics
        .resolve(topic, 0, false)
        .thenCompose(
            lookup -> {
              if (!(lookup instanceof TopicLookup.Found found)) {
                return reply(
                    request, ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist");
              }
              TopicConfig config = found.config();
              if (write ? !config.writable() : !config.readable()) {
                return reply(
                    request,
                    ResponseCode.NO_PERMISSION,
                    "topic " + topic + " is not " + (write ? "writable" : "readable"));
              }
              if (queueId < 0 || queueId >= config.queueCount()) {
                return reply(
                    request,
                    ResponseCode.SYSTEM_ERROR,
                    "queueId "
                        + queueId
                        + " is illegal: topic "
                        + topic
                        + " has "
                        + config.queueCount()
                        + " queues");
              }
              return action.apply(config);
            });
  }

  static CompletionStage<RemotingCommand> reply(RemotingCommand request, int code, String remark) {
    return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, code, remark));
  }
}
