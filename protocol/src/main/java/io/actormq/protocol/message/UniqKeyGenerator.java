package io.actormq.protocol.message;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates UNIQ_KEY values the way the RocketMQ client does, so that ids the broker makes up (for
 * messages that arrive without one) look like every other id: uppercase hex of the host's IP (4 or
 * 16 bytes), pid (low 16 bits), a class-loader hash (i32), milliseconds since the start of the
 * current month in the local time zone (i32) and a wrapping counter (i16). 32 characters with an
 * IPv4 address.
 *
 * <p>Thread-safe and lock-free; one {@code String} and one {@code char[]} per id.
 */
public final class UniqKeyGenerator {

  private static final class Shared {
    static final UniqKeyGenerator INSTANCE =
        new UniqKeyGenerator(
            localAddress(),
            (int) ProcessHandle.current().pid(),
            System.identityHashCode(UniqKeyGenerator.class.getClassLoader()));
  }

  /** The month an id's time field counts from; replaced when the clock leaves it. */
  private record Month(long start, long next) {
    static Month containing(long millis) {
      ZonedDateTime start =
          Instant.ofEpochMilli(millis)
              .atZone(ZoneId.systemDefault())
              .withDayOfMonth(1)
              .truncatedTo(ChronoUnit.DAYS);
      return new Month(
          start.toInstant().toEpochMilli(), start.plusMonths(1).toInstant().toEpochMilli());
    }
  }

  private final char[] prefix;
  private final AtomicInteger counter = new AtomicInteger();
  private volatile Month month;

  public UniqKeyGenerator(byte[] ip, int pid, int classLoaderHash) {
    if (ip.length != 4 && ip.length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + ip.length);
    }
    prefix = new char[(ip.length + 6) * 2];
    int p = 0;
    for (byte b : ip) {
      p = MessageIds.hex(prefix, p, b & 0xFF, 2);
    }
    p = MessageIds.hex(prefix, p, pid, 4);
    MessageIds.hex(prefix, p, classLoaderHash, 8);
    month = Month.containing(System.currentTimeMillis());
  }

  /** The generator for this process (local address, pid, this class's loader). */
  public static UniqKeyGenerator shared() {
    return Shared.INSTANCE;
  }

  public String next() {
    return next(System.currentTimeMillis());
  }

  /** An id stamped with the given wall-clock time (for tests and replays). */
  public String next(long nowMillis) {
    Month m = month;
    if (nowMillis >= m.next() || nowMillis < m.start()) {
      m = Month.containing(nowMillis);
      month = m; // racing threads compute the same month; last write wins harmlessly
    }
    char[] out = Arrays.copyOf(prefix, prefix.length + 12);
    int p = MessageIds.hex(out, prefix.length, (int) (nowMillis - m.start()), 8);
    MessageIds.hex(out, p, counter.getAndIncrement(), 4);
    return new String(out);
  }

  /**
   * The first up, non-loopback site-local IPv4 address; else any such IPv4; else a global IPv6;
   * else 127.0.0.1. Never resolves names (InetAddress.getLocalHost can block on DNS).
   */
  static byte[] localAddress() {
    byte[] anyV4 = null;
    byte[] v6 = null;
    try {
      Enumeration<NetworkInterface> nics = NetworkInterface.getNetworkInterfaces();
      while (nics != null && nics.hasMoreElements()) {
        NetworkInterface nic = nics.nextElement();
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        Enumeration<InetAddress> addresses = nic.getInetAddresses();
        while (addresses.hasMoreElements()) {
          InetAddress a = addresses.nextElement();
          if (a.isLoopbackAddress() || a.isLinkLocalAddress()) {
            continue;
          }
          if (a instanceof Inet4Address) {
            if (a.isSiteLocalAddress()) {
              return a.getAddress();
            }
            anyV4 = anyV4 == null ? a.getAddress() : anyV4;
          } else if (a instanceof Inet6Address && v6 == null) {
            v6 = a.getAddress();
          }
        }
      }
    } catch (SocketException e) {
      // No usable interface list: fall through to loopback, which still yields unique ids.
    }
    if (anyV4 != null) {
      return anyV4;
    }
    return v6 != null ? v6 : new byte[] {127, 0, 0, 1};
  }
}
