package io.actormq.broker.e2e;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.PullMessageRequestHeader;

/**
 * An {@link RPCHook}, the official client's own extension point, that shows a test what went over
 * the wire: each request as it leaves, with a future for its response, and the records of every
 * successful pull.
 */
final class WireTap implements RPCHook {

  /** A request the client sent and, once it arrives, the broker's response. */
  record Exchange(RemotingCommand request, CompletableFuture<RemotingCommand> response) {

    PullMessageRequestHeader pullHeader() {
      return (PullMessageRequestHeader) request.readCustomHeader();
    }
  }

  // Keyed by identity (RemotingCommand keeps Object's equals). Oneway requests never get a
  // response and stay here; a tap lives for one test.
  private final Map<RemotingCommand, Exchange> inFlight = new ConcurrentHashMap<>();
  private final List<MessageExt> pulled = new ArrayList<>();
  private final List<Watcher> watchers = new ArrayList<>();

  private record Watcher(Predicate<Exchange> match, CompletableFuture<Exchange> first) {}

  @Override
  public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
    Exchange e = new Exchange(request, new CompletableFuture<>());
    inFlight.put(request, e);
    List<Watcher> fired = new ArrayList<>();
    synchronized (this) {
      for (Watcher w : watchers) {
        if (w.match().test(e)) {
          fired.add(w);
        }
      }
      watchers.removeAll(fired);
    }
    fired.forEach(w -> w.first().complete(e));
  }

  @Override
  public void doAfterResponse(
      String remoteAddr, RemotingCommand request, RemotingCommand response) {
    if (request.getCode() == RequestCode.PULL_MESSAGE
        && response != null
        && response.getCode() == ResponseCode.SUCCESS
        && response.getBody() != null) {
      List<MessageExt> records = MessageDecoder.decodes(ByteBuffer.wrap(response.getBody()));
      synchronized (this) {
        pulled.addAll(records);
      }
    }
    Exchange e = inFlight.remove(request);
    if (e != null) {
      e.response().complete(response);
    }
  }

  /** Completes with the first request from now on that {@code match} accepts. */
  CompletableFuture<Exchange> next(Predicate<Exchange> match) {
    CompletableFuture<Exchange> first = new CompletableFuture<>();
    synchronized (this) {
      watchers.add(new Watcher(match, first));
    }
    return first;
  }

  /** Matches pull requests for {@code topic}. */
  static Predicate<Exchange> pullOf(String topic) {
    return e -> e.request().getCode() == RequestCode.PULL_MESSAGE && topic.equals(topicOf(e));
  }

  private static String topicOf(Exchange e) {
    CommandCustomHeader h = e.request().readCustomHeader();
    return h instanceof PullMessageRequestHeader pull ? pull.getTopic() : null;
  }

  /** Every record that successful pulls brought back, as the broker sent them. */
  synchronized List<MessageExt> pulledRecords() {
    return List.copyOf(pulled);
  }
}
