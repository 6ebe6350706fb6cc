package io.actormq.protocol.message;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A decoded offsetMsgId: the broker that stored a message and the message's commitLogOffset there.
 * Clients derive {@code VIEW_MESSAGE_BY_ID} and {@code END_TRANSACTION} requests from it.
 */
public record OffsetMsgId(HostAddress storeHost, long commitLogOffset) {

  public OffsetMsgId {
    Objects.requireNonNull(storeHost, "storeHost");
  }

  public InetSocketAddress address() {
    return storeHost.toInetSocketAddress();
  }

  /** The 32 (IPv4) or 56 (IPv6) character hex form. */
  @Override
  public String toString() {
    return MessageIds.offsetMsgId(storeHost, commitLogOffset);
  }
}
