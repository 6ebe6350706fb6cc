package io.actormq.broker.remoting;

import io.actormq.protocol.json.JsonException;
import io.actormq.protocol.remoting.ProtocolException;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request to the handler registered for its code and turns whatever happens into the
 * response the client should see.
 *
 * <p>This is the one place where failures become response codes: a {@link ProtocolException} (bad
 * or missing header field) or a {@link JsonException} (malformed body) is the client's fault and
 * becomes INVALID_PARAMETER with the exception's message as remark; a {@link TimeoutException} (an
 * ask that timed out) becomes SYSTEM_BUSY, which producers retry; anything else is a broker bug,
 * logged once at WARN with its stack trace and answered with SYSTEM_ERROR. The returned stage never
 * fails. Immutable and thread-safe once built.
 */
public final class RequestDispatcher {

  private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

  private static final CompletionStage<Optional<Reply>> NO_REPLY =
      CompletableFuture.completedFuture(Optional.empty());

  private final Map<Integer, ReplyHandler> handlers;

  private RequestDispatcher(Map<Integer, ReplyHandler> handlers) {
    this.handlers = Map.copyOf(handlers);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The request codes that have a handler. */
  public Set<Integer> codes() {
    return handlers.keySet();
  }

  /**
   * Serves one request. The reply carries the request's opaque and the response flag whatever the
   * handler put there; it is empty for oneway requests (whose handlers still run) and for stray
   * responses, which no broker-initiated call is waiting for.
   */
  public CompletionStage<Optional<Reply>> dispatch(
      RemotingCommand request, ClientConnection connection) {
    if (request.isResponse()) {
      log.debug("dropping unsolicited response {} from {}", request, connection.remoteAddress());
      return NO_REPLY;
    }
    ReplyHandler handler = handlers.get(request.code());
    if (handler == null) {
      if (request.isOneway()) {
        log.debug("dropping oneway request with unsupported code {}", request.code());
        return NO_REPLY;
      }
      return reply(
          RemotingCommand.responseTo(
              request,
              ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
              "request code " + request.code() + " is not supported"));
    }
    CompletionStage<Reply> stage;
    try {
      stage = handler.handle(request, connection);
    } catch (RuntimeException e) {
      // A handler that throws instead of failing its stage is treated exactly the same way.
      stage = CompletableFuture.failedFuture(e);
    }
    if (stage == null) {
      stage =
          CompletableFuture.failedFuture(
              new IllegalStateException("the handler returned no stage"));
    }
    return stage.handle((reply, error) -> complete(request, connection, reply, error));
  }

  private static Optional<Reply> complete(
      RemotingCommand request, ClientConnection connection, Reply reply, Throwable error) {
    if (error != null) {
      RemotingCommand failure = failureResponse(request, connection, unwrap(error));
      return request.isOneway() ? Optional.empty() : Optional.of(Reply.of(failure));
    }
    if (request.isOneway()) {
      return Optional.empty();
    }
    if (reply == null) {
      return Optional.of(
          Reply.of(
              failureResponse(
                  request,
                  connection,
                  new IllegalStateException("the handler completed without a response"))));
    }
    return Optional.of(stamp(request, reply));
  }

  /** Maps a handler failure to its response and logs it as the kind of failure it is. */
  private static RemotingCommand failureResponse(
      RemotingCommand request, ClientConnection connection, Throwable error) {
    String what = RequestCode.name(request.code());
    if (error instanceof ProtocolException || error instanceof JsonException) {
      log.debug("invalid {} from {}: {}", what, connection.remoteAddress(), error.getMessage());
      return RemotingCommand.responseTo(
          request, ResponseCode.INVALID_PARAMETER, error.getMessage());
    }
    if (error instanceof TimeoutException) {
      log.info("{} from {} timed out: {}", what, connection.remoteAddress(), error.getMessage());
      return RemotingCommand.responseTo(
          request, ResponseCode.SYSTEM_BUSY, "the broker is busy: " + error.getMessage());
    }
    log.warn("{} from {} failed inside the broker", what, connection.remoteAddress(), error);
    return RemotingCommand.responseTo(
        request, ResponseCode.SYSTEM_ERROR, "internal error: " + error);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static Reply stamp(RemotingCommand request, Reply reply) {
    RemotingCommand c = reply.command();
    int flag = (c.flag() | RemotingCommand.RESPONSE_FLAG) & ~RemotingCommand.ONEWAY_FLAG;
    if (c.opaque() == request.opaque() && c.flag() == flag) {
      return reply;
    }
    return reply.withCommand(c.withOpaque(request.opaque()).withFlag(flag));
  }

  private static CompletionStage<Optional<Reply>> reply(RemotingCommand response) {
    return CompletableFuture.completedFuture(Optional.of(Reply.of(response)));
  }

  /** Collects handlers; each code may be registered once. */
  public static final class Builder {

    private final Map<Integer, ReplyHandler> handlers = new HashMap<>();

    private Builder() {}

    /** Serves {@code code} with a handler whose responses carry at most one body buffer. */
    public Builder handler(int code, RequestHandler handler) {
      Objects.requireNonNull(handler, "handler");
      return replyHandler(
          code,
          (request, connection) -> {
            CompletionStage<RemotingCommand> stage = handler.handle(request, connection);
            return stage == null ? null : stage.thenApply(r -> r == null ? null : Reply.of(r));
          });
    }

    /** Serves each of {@code codes} with the same handler. */
    public Builder handler(RequestHandler handler, int... codes) {
      for (int code : codes) {
        handler(code, handler);
      }
      return this;
    }

    /** Serves {@code code} with a handler that may answer with a multi-buffer body. */
    public Builder replyHandler(int code, ReplyHandler handler) {
      Objects.requireNonNull(handler, "handler");
      if (handlers.putIfAbsent(code, handler) != null) {
        throw new IllegalStateException(
            "request code " + code + " (" + RequestCode.name(code) + ") has a handler already");
      }
      return this;
    }

    /**
     * Replaces the handler of {@code code} with {@code decorator} applied to it (forwarding to
     * another node, for instance); a code without a handler is left alone.
     */
    public Builder wrap(int code, UnaryOperator<ReplyHandler> decorator) {
      handlers.computeIfPresent(code, (c, handler) -> decorator.apply(handler));
      return this;
    }

    public boolean has(int code) {
      return handlers.containsKey(code);
    }

    public RequestDispatcher build() {
      return new RequestDispatcher(handlers);
    }
  }
}
