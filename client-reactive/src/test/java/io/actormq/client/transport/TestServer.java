package io.actormq.client.transport;

import io.actormq.protocol.remoting.FrameDecoder;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RemotingCommandEncoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection remoting peer on 127.0.0.1 for the transport tests, driven by the test thread:
 * it hands over what it reads and writes what it is told.
 */
public final class TestServer implements AutoCloseable {

  private final ServerSocketChannel server;
  // Completed by the accepting thread; the client's connect may finish before accept returns.
  private final CompletableFuture<SocketChannel> peer = new CompletableFuture<>();
  final BlockingQueue<RemotingCommand> received = new LinkedBlockingQueue<>();
  private final Thread reader;

  public TestServer(int port) throws IOException {
    server = ServerSocketChannel.open();
    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    server.bind(new InetSocketAddress("127.0.0.1", port));
    reader = new Thread(this::serve, "test-server");
    reader.setDaemon(true);
    reader.start();
  }

  int port() throws IOException {
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  public String address() throws IOException {
    return "127.0.0.1:" + port();
  }

  private void serve() {
    try {
      SocketChannel channel = server.accept();
      peer.complete(channel);
      FrameDecoder decoder = new FrameDecoder();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (channel.read(buf) >= 0) {
        buf.flip();
        decoder.feed(buf, received::add);
        buf.clear();
      }
    } catch (IOException e) {
      // The test closed the socket: nothing more to read.
    }
  }

  public RemotingCommand next() throws InterruptedException {
    RemotingCommand c = received.poll(10, TimeUnit.SECONDS);
    if (c == null) {
      throw new AssertionError("the server received nothing");
    }
    return c;
  }

  public void send(RemotingCommand cmd) throws Exception {
    SocketChannel channel = accepted();
    ByteBuffer frame = RemotingCommandEncoder.encode(cmd);
    while (frame.hasRemaining()) {
      channel.write(frame);
    }
  }

  private SocketChannel accepted() throws Exception {
    return peer.get(10, TimeUnit.SECONDS);
  }

  /** Drops the connection (the client sees the peer go away). */
  void disconnect() throws Exception {
    accepted().close();
  }

  @Override
  public void close() throws IOException {
    server.close();
    SocketChannel p = peer.getNow(null);
    if (p != null) {
      p.close();
    }
  }
}
