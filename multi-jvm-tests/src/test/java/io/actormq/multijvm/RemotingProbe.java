package io.actormq.multijvm;

import io.actormq.protocol.header.GetRouteInfoRequestHeader;
import io.actormq.protocol.remoting.FrameDecoder;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RemotingCommandEncoder;
import io.actormq.protocol.remoting.RequestCode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

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
    int millis = Math.toIntExact(timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(address, millis);
      socket.setSoTimeout(millis);
      ByteBuffer frame =
          RemotingCommandEncoder.encode(
              RemotingCommand.request(
                  RequestCode.GET_ROUTEINFO_BY_TOPIC,
                  OPAQUE,
                  new GetRouteInfoRequestHeader(ALWAYS_PRESENT_TOPIC, null),
                  null));
      socket
          .getOutputStream()
          .write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
      socket.getOutputStream().flush();
      return awaitResponse(socket.getInputStream()).code();
    }
  }

  private static RemotingCommand awaitResponse(InputStream in) throws IOException {
    FrameDecoder decoder = new FrameDecoder();
    byte[] chunk = new byte[8192];
    while (true) {
      int n = in.read(chunk);
      if (n < 0) {
        throw new EOFException("connection closed before the response");
      }
      List<RemotingCommand> commands = decoder.feed(ByteBuffer.wrap(chunk, 0, n));
      for (RemotingCommand c : commands) {
        if (c.isResponse() && c.opaque() == OPAQUE) {
          return c;
        }
      }
    }
  }
}
