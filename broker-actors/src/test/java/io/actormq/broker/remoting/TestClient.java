package io.actormq.broker.remoting;

import io.actormq.protocol.remoting.FrameDecoder;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RemotingCommandEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/** A blocking remoting client over a plain socket, using the protocol module's codecs. */
public final class TestClient implements AutoCloseable {

  private static final int READ_TIMEOUT_MILLIS = 10_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final FrameDecoder decoder = new FrameDecoder();
  private final ArrayDeque<RemotingCommand> received = new ArrayDeque<>();
  private final byte[] buffer = new byte[8192];

  private TestClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  public static TestClient connect(InetSocketAddress address) {
    try {
      Socket socket = new Socket(address.getAddress(), address.getPort());
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
      return new TestClient(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] frame(RemotingCommand command) {
    ByteBuffer frame = RemotingCommandEncoder.encode(command);
    return frame.array();
  }

  public void send(RemotingCommand command) {
    sendBytes(frame(command));
  }

  void sendBytes(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes and flushes one byte at a time (with TCP_NODELAY, so mostly one segment each). */
  void sendByteByByte(byte[] bytes) {
    try {
      for (byte b : bytes) {
        out.write(b);
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next command from the broker; fails if none arrives within the read timeout. */
  public RemotingCommand receive() {
    try {
      while (received.isEmpty()) {
        int n = in.read(buffer);
        if (n < 0) {
          throw new AssertionError("the broker closed the connection");
        }
        decoder.feed(ByteBuffer.wrap(buffer, 0, n), received::add);
      }
      return received.poll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a request and returns the next command received. */
  public RemotingCommand call(RemotingCommand request) {
    send(request);
    return receive();
  }

  /**
   * Reads (and discards) until the broker closes the connection.
   *
   * @return true if it closed (EOF or reset), false if it stayed open for the whole read timeout
   */
  public boolean awaitClosed() {
    try {
      while (in.read(buffer) >= 0) {
        // Replies written before the close are not what this is about.
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      // A reset is a close too.
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
