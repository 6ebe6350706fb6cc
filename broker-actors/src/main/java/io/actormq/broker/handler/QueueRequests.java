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
    return onQueue(request, topic, queueId, write, action, Function.identity());
  }

  /** As above, for handlers whose answer is not a plain command ({@code asAnswer} wraps errors). */
  <T> CompletionStage<T> onQueue(
      RemotingCommand request,
      String topic,
      int queueId,
      boolean write,
      Function<TopicConfig, CompletionStage<T>> action,
      Function<RemotingCommand, T> asAnswer) {
    return topics
        .resolve(topic, 0, false)
        .thenCompose(
            lookup -> {
              RemotingCommand refused = refusal(request, lookup, topic, queueId, write);
              return refused != null
                  ? CompletableFuture.completedFuture(asAnswer.apply(refused))
                  : action.apply(((TopicLookup.Found) lookup).config());
            });
  }

  /** The error response for a queue that cannot serve the request, or null if it can. */
  private static RemotingCommand refusal(
      RemotingCommand request, TopicLookup lookup, String topic, int queueId, boolean write) {
    if (!(lookup instanceof TopicLookup.Found found)) {
      return RemotingCommand.responseTo(
          request, ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist");
    }
    TopicConfig config = found.config();
    if (write ? !config.writable() : !config.readable()) {
      return RemotingCommand.responseTo(
          request,
          ResponseCode.NO_PERMISSION,
          "topic " + topic + " is not " + (write ? "writable" : "readable"));
    }
    if (queueId < 0 || queueId >= config.queueCount()) {
      return RemotingCommand.responseTo(
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
    return null;
  }

  static CompletionStage<RemotingCommand> reply(RemotingCommand request, int code, String remark) {
    return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, code, remark));
  }
}
