package io.actormq.protocol.header;

/**
 * Which end of a run of equal store timestamps {@code SEARCH_OFFSET_BY_TIMESTAMP} answers with.
 * Java clients send the enum name; RocketMQ reads it ignoring case and treats anything but "upper"
 * as {@link #LOWER}, and so do we.
 */
public enum BoundaryType {
  /** The first offset whose store time is at or after the timestamp (the default). */
  LOWER,
  /** The last offset whose store time is at or before the timestamp. */
  UPPER;

  /** Parses the wire value leniently, as RocketMQ does; null stays null. */
  public static BoundaryType fromWire(String value) {
    if (value == null) {
      return null;
    }
    return "upper".equalsIgnoreCase(value) ? UPPER : LOWER;
  }
}
