package io.actormq.multijvm;

import io.actormq.protocol.header.GetRouteInfoRequestHeader;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Asks a broker for the route of {@code TBW102} over a plain socket, with the protocol module's
 * codecs: an answer means the front door is bound and the node's actors serve requests, which an
 * open port alone does not show.
 */
final class RemotingProbe {

  private static final String ALWAYS_PRESENT_TOPIC = "TBW102";
  private static final int OPAQUE = 1;

  private RemotingProbe() {}

  /**
   * The response code of one GET_ROUTEINFO_BY_TOPIC request.
   *
   * @throws IOException if the port refuses, the connection drops or no answer comes in time
   */
  static int routeInfoCode(InetSocketAddress address, Duration timeout) throws IOException {
    RemotingCommand request =
        RemotingCommand.request(
            RequestCode.GET_ROUTEINFO_BY_TOPIC,
            OPAQUE,
            new GetRouteInfoRequestHeader(ALWAYS_PRESENT_TOPIC, null),
            null);
    return RemotingCall.exchange(address, request, timeout).code();
  }
}
