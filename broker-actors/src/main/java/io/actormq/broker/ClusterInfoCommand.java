package io.actormq.broker;

import io.actormq.protocol.body.BrokerData;
import io.actormq.protocol.body.ClusterInfo;
import io.actormq.protocol.remoting.FrameDecoder;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RemotingCommandEncoder;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * {@code actormq cluster-info [--server host:port]}: asks a node for GET_BROKER_CLUSTER_INFO and
 * prints every member of its cluster with its state, and the brokers clients are routed to.
 */
public final class ClusterInfoCommand {

  static final String USAGE = "usage: actormq cluster-info [--server host:port]";
  private static final int TIMEOUT_MILLIS = 10_000;

  private ClusterInfoCommand() {}

  public static void main(String[] args) {
    String server = "127.0.0.1:9876";
    for (int i = 0; i < args.length; i++) {
      if ("--server".equals(args[i]) && i + 1 < args.length) {
        server = args[++i];
      } else {
        System.err.println(USAGE);
        System.exit(2);
      }
    }
    try {
      print(fetch(server), System.out);
    } catch (IOException | IllegalStateException e) {
      System.err.println("actormq: cluster info from " + server + ": " + e.getMessage());
      System.exit(1);
    }
  }

  public static ClusterInfo fetch(String server) throws IOException {
    int colon = server.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalStateException("'" + server + "' is not host:port");
    }
    InetSocketAddress address =
        new InetSocketAddress(
            server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
    try (Socket socket = new Socket()) {
      socket.connect(address, TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      RemotingCommand request =
          RemotingCommand.request(
              RequestCode.GET_BROKER_CLUSTER_INFO, 1, (Map<String, String>) null, null);
      ByteBuffer frame = RemotingCommandEncoder.encode(request);
      socket.getOutputStream().write(frame.array(), frame.arrayOffset(), frame.remaining());
      RemotingCommand reply = readReply(socket.getInputStream());
      if (reply.code() != ResponseCode.SUCCESS) {
        throw new IllegalStateException("answered " + reply.code() + ": " + reply.remark());
      }
      ByteBuffer body = reply.body().duplicate();
      byte[] json = new byte[body.remaining()];
      body.get(json);
      return ClusterInfo.fromJson(json);
    }
  }

  private static RemotingCommand readReply(InputStream in) throws IOException {
    FrameDecoder decoder = new FrameDecoder();
    byte[] buffer = new byte[8192];
    while (true) {
      int n = in.read(buffer);
      if (n < 0) {
        throw new IOException("the node closed the connection without answering");
      }
      for (RemotingCommand c : decoder.feed(ByteBuffer.wrap(buffer, 0, n))) {
        if (c.isResponse()) {
          return c;
        }
      }
    }
  }

  public static void print(ClusterInfo info, PrintStream out) {
    out.printf("%-20s %-32s %-10s %-9s %s%n", "BROKER", "NODE", "STATUS", "REACHABLE", "ADDRESS");
    for (ClusterInfo.NodeState n : info.nodes()) {
      out.printf(
          "%-20s %-32s %-10s %-9s %s%n",
          n.brokerName() == null ? "-" : n.brokerName(),
          n.node(),
          n.status(),
          n.reachable() ? "yes" : "NO",
          n.address() == null ? "-" : n.address());
    }
    info.clusterAddrTable()
        .forEach(
            (cluster, brokers) ->
                out.printf(
                    "cluster %s routes clients to: %s%n",
                    cluster,
                    String.join(
                        ", ",
                        brokers.stream()
                            .map(b -> b + "@" + masterOf(info.brokerAddrTable().get(b)))
                            .toList())));
  }

  private static String masterOf(BrokerData broker) {
    return broker == null || broker.masterAddr() == null ? "?" : broker.masterAddr();
  }
}
