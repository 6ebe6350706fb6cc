package io.actormq.multijvm;

import io.actormq.protocol.remoting.FrameDecoder;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RemotingCommandEncoder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * One remoting request on a connection of its own, with the protocol module's codecs: what a test
 * uses to ask one particular node something, where the official client would pick any node of its
 * name-server list.
 */
final class RemotingCall {

  private RemotingCall() {}

  /**
   * Sends {@code request} and returns the response with the same opaque.
   *
   * @throws IOException if the port refuses, the connection drops or no answer comes in time
   */
  static RemotingCommand exchange(
      InetSocketAddress address, RemotingCommand request, Duration timeout) throws IOException {
    int millis = Math.toIntExact(timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(address, millis);
      socket.setSoTimeout(millis);
      ByteBuffer frame = RemotingCommandEncoder.encode(request);
      socket
          .getOutputStream()
          .write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
      socket.getOutputStream().flush();
      return awaitResponse(socket.getInputStream(), request.opaque());
    }
  }

  /** The body of a response as bytes, empty if it has none. */
  static byte[] bodyBytes(RemotingCommand response) {
    ByteBuffer body = response.body();
    if (body == null) {
      return new byte[0];
    }
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    return bytes;
  }

  private static RemotingCommand awaitResponse(InputStream in, int opaque) throws IOException {
    FrameDecoder decoder = new FrameDecoder();
    byte[] chunk = new byte[8192];
    while (true) {
      int n = in.read(chunk);
      if (n < 0) {
        throw new EOFException("connection closed before the response");
      }
      List<RemotingCommand> commands = decoder.feed(ByteBuffer.wrap(chunk, 0, n));
      for (RemotingCommand c : commands) {
        if (c.isResponse() && c.opaque() == opaque) {
          return c;
        }
      }
    }
  }
}
