package io.actormq.broker.handler;

import io.actormq.broker.Asks;
import io.actormq.broker.group.QueueLocks;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.protocol.body.LockBatchRequestBody;
import io.actormq.protocol.body.LockBatchResponseBody;
import io.actormq.protocol.body.UnlockBatchRequestBody;
import io.actormq.protocol.json.JsonException;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/** Orderly-consumption locks: LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42, often oneway). */
public final class LockHandlers {

  private final ActorRef<QueueLocks.Command> locks;
  private final ActorSystem<?> system;
  private final Duration askTimeout;

  public LockHandlers(
      ActorRef<QueueLocks.Command> locks, ActorSystem<?> system, Duration askTimeout) {
    this.locks = locks;
    this.system = system;
    this.askTimeout = askTimeout;
  }

  /** The handlers by request code, for the dispatcher. */
  public Map<Integer, RequestHandler> handlers() {
    return Map.<Integer, RequestHandler>of(
        RequestCode.LOCK_BATCH_MQ, this::lock, RequestCode.UNLOCK_BATCH_MQ, this::unlock);
  }

  /** LOCK_BATCH_MQ (41): replies the requested queues the client now holds. */
  public CompletionStage<RemotingCommand> lock(
      RemotingCommand request, ClientConnection connection) {
    LockBatchRequestBody body;
    try {
      body = LockBatchRequestBody.fromJson(ClientHandlers.bodyBytes(request));
    } catch (JsonException e) {
      return ClientHandlers.badBody(request, "lock", e);
    }
    return Asks.<QueueLocks.Command, QueueLocks.Locked>ask(
            locks,
            r -> new QueueLocks.Lock(body.consumerGroup(), body.clientId(), body.mqSet(), r),
            askTimeout,
            system.scheduler())
        .thenApply(
            locked ->
                NameServerHandlers.success(
                    request, new LockBatchResponseBody(locked.queues()).toJson()));
  }

  /** UNLOCK_BATCH_MQ (42); a oneway request is carried out but never answered. */
  public CompletionStage<RemotingCommand> unlock(
      RemotingCommand request, ClientConnection connection) {
    UnlockBatchRequestBody body;
    try {
      body = UnlockBatchRequestBody.fromJson(ClientHandlers.bodyBytes(request));
    } catch (JsonException e) {
      return ClientHandlers.badBody(request, "unlock", e);
    }
    if (request.isOneway()) {
      locks.tell(
          new QueueLocks.Unlock(
              body.consumerGroup(), body.clientId(), body.mqSet(), system.ignoreRef()));
      return CompletableFuture.completedFuture(null);
    }
    return Asks.<QueueLocks.Command, Done>ask(
            locks,
            r -> new QueueLocks.Unlock(body.consumerGroup(), body.clientId(), body.mqSet(), r),
            askTimeout,
            system.scheduler())
        .thenApply(done -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null));
  }
}
