package io.actormq.protocol.message;

/**
 * The tag hash RocketMQ indexes per message and compares with a subscription's {@code codeSet}:
 * {@code String.hashCode()} of the TAGS property, 0 for a message without tags.
 */
public final class TagHash {

  private TagHash() {}

  public static int of(String tags) {
    return tags == null || tags.isEmpty() ? 0 : tags.hashCode();
  }
}
