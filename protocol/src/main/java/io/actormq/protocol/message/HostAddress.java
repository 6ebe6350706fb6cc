package io.actormq.protocol.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An IP address and port in the form a message record stores them: 4 (IPv4) or 16 (IPv6) address
 * bytes followed by the port as an i32.
 *
 * <p>Immutable. Build one per connection (born host) or per broker (store host) and reuse it: the
 * encoder then writes hosts without touching {@link InetAddress}, which copies its bytes on every
 * {@code getAddress()} call.
 */
public final class HostAddress {

  private final byte[] ip;
  private final int port;

  private HostAddress(byte[] ip, int port) {
    this.ip = ip;
    this.port = port;
  }

  /** From raw address bytes (4 or 16) and a port; the array is copied. */
  public static HostAddress of(byte[] ip, int port) {
    if (ip == null || (ip.length != 4 && ip.length != 16)) {
      throw new IllegalArgumentException(
          "an IP address has 4 or 16 bytes, not " + (ip == null ? "null" : ip.length));
    }
    return new HostAddress(ip.clone(), port);
  }

  /** From a resolved socket address (no name lookup happens here). */
  public static HostAddress of(InetSocketAddress address) {
    InetAddress inet = address.getAddress();
    if (inet == null) {
      throw new IllegalArgumentException("unresolved address " + address);
    }
    return new HostAddress(inet.getAddress(), address.getPort());
  }

  /** Reads a host stored at {@code pos}, IPv6 if {@code v6}; does not move the buffer. */
  public static HostAddress read(ByteBuffer buf, int pos, boolean v6) {
    byte[] ip = new byte[v6 ? 16 : 4];
    buf.get(pos, ip);
    return new HostAddress(ip, buf.getInt(pos + ip.length));
  }

  /** Whether the host stored at {@code pos} (IPv6 if {@code v6}) is this one. */
  boolean sameAs(ByteBuffer buf, int pos, boolean v6) {
    if (ip.length != (v6 ? 16 : 4) || buf.getInt(pos + ip.length) != port) {
      return false;
    }
    for (int i = 0; i < ip.length; i++) {
      if (buf.get(pos + i) != ip[i]) {
        return false;
      }
    }
    return true;
  }

  /** The address bytes themselves, for readers in this package that do not modify them. */
  byte[] ipBytes() {
    return ip;
  }

  public boolean isIpv6() {
    return ip.length == 16;
  }

  /** A copy of the address bytes. */
  public byte[] ip() {
    return ip.clone();
  }

  public int port() {
    return port;
  }

  /** Bytes this host occupies in a record: the address plus the i32 port. */
  public int encodedLength() {
    return ip.length + 4;
  }

  /** Writes address and port at {@code pos}; returns the position after them. */
  public int writeTo(ByteBuffer buf, int pos) {
    buf.put(pos, ip);
    buf.putInt(pos + ip.length, port);
    return pos + ip.length + 4;
  }

  /** Appends address and port to {@code buf}, advancing its position. */
  public void writeTo(ByteBuffer buf) {
    buf.put(ip).putInt(port);
  }

  public InetSocketAddress toInetSocketAddress() {
    return new InetSocketAddress(inetAddress(), port);
  }

  private InetAddress inetAddress() {
    try {
      return InetAddress.getByAddress(ip);
    } catch (UnknownHostException e) {
      // Only thrown for a wrong array length, which the constructor paths rule out.
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostAddress h && h.port == port && Arrays.equals(h.ip, ip);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ip) + port;
  }

  /** {@code ip:port}, IPv6 in brackets; never resolves a name. */
  @Override
  public String toString() {
    String host = inetAddress().getHostAddress();
    return isIpv6() ? "[" + host + "]:" + port : host + ":" + port;
  }
}
