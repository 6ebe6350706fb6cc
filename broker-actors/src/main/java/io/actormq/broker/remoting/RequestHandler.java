package io.actormq.broker.remoting;

import io.actormq.protocol.remoting.RemotingCommand;
import java.util.concurrent.CompletionStage;

/**
 * Serves one or more request codes. Handlers never block: they ask actors and return the
 * response as a stage.
 */
@FunctionalInterface
public interface RequestHandler {

  /**
   * @return the response (the dispatcher sets opaque and the response flag if the handler built
   *     it with {@code RemotingCommand.responseTo}); for a oneway request the value is ignored and
   *     may be null. A failed stage becomes a SYSTEM_ERROR response, a {@code ProtocolException}
   *     (a bad header) an INVALID_PARAMETER one.
   */
  CompletionStage<RemotingCommand> handle(RemotingCommand request, ClientConnection connection);
}
