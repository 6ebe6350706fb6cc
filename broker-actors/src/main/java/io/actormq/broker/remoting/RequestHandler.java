package io.actormq.broker.remoting;

import io.actormq.protocol.remoting.RemotingCommand;
import java.util.concurrent.CompletionStage;

/**
 * Serves one or more request codes. Handlers never block: they ask actors and return the response
 * as a stage. A handler whose body is several buffers (slices of the log) is a {@link ReplyHandler}
 * instead.
 */
@FunctionalInterface
public interface RequestHandler {

  /**
   * @return the response; the dispatcher sets the request's opaque and the response flag, so {@code
   *     RemotingCommand.responseTo} is convenient but not required. For a oneway request the value
   *     is ignored and may be null. Failures, thrown or as a failed stage, become responses (see
   *     {@link RequestDispatcher}): {@code ProtocolException} (a bad header field) or {@code
   *     JsonException} (a malformed body) INVALID_PARAMETER, {@code TimeoutException} (an ask
   *     timeout) SYSTEM_BUSY, anything else SYSTEM_ERROR, logged as a broker bug.
   */
  CompletionStage<RemotingCommand> handle(RemotingCommand request, ClientConnection connection);
}
