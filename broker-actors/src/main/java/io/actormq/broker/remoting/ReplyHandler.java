package io.actormq.broker.remoting;

import io.actormq.protocol.remoting.RemotingCommand;
import java.util.concurrent.CompletionStage;

/**
 * A {@link RequestHandler} whose response body may be several buffers, written one after the other
 * without being joined first: pull, query and view responses whose bodies are read-only slices of
 * memory-mapped log segments. Register it with {@link RequestDispatcher.Builder#replyHandler}.
 */
@FunctionalInterface
public interface ReplyHandler {

  /**
   * @return the reply, under the same rules as {@link RequestHandler#handle}
   */
  CompletionStage<Reply> handle(RemotingCommand request, ClientConnection connection);
}
