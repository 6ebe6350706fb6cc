package io.actormq.protocol.remoting;

/** How a frame's header is serialised: the top byte of the header-length word. */
public enum SerializeType {
  /** A JSON object; what clients send unless told otherwise, and what the broker answers. */
  JSON(0),
  /** RocketMQ's compact binary layout ({@code -Drocketmq.serialize.type=ROCKETMQ}). */
  ROCKETMQ(1);

  private final byte code;

  SerializeType(int code) {
    this.code = (byte) code;
  }

  public byte code() {
    return code;
  }

  /** The type for a wire code, or {@code null} if unknown. */
  public static SerializeType fromCode(int code) {
    return switch (code) {
      case 0 -> JSON;
      case 1 -> ROCKETMQ;
      default -> null;
    };
  }
}
