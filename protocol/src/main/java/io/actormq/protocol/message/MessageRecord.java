package io.actormq.protocol.message;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * The content of one stored message record: every field of the layout except the three that are
 * derived when encoding (totalSize, magic code, body CRC). {@link MessageRecordCodec} turns it into
 * bytes and back; {@link MessageRecordView} reads the bytes in place.
 *
 * <p>{@code body} is shared, not copied: the record keeps the buffer's position-to-limit window and
 * {@link #body()} hands out an independent read-only view of it, so reading it never disturbs the
 * record. {@code properties} is the encoded property string ({@link MessageProperties}).
 *
 * <p>The IPv6 bits (0x10, 0x20) of {@code sysFlag} are normalised to match the two hosts, so they
 * cannot disagree with the bytes the encoder writes.
 */
public record MessageRecord(
    int queueId,
    int flag,
    long queueOffset,
    long commitLogOffset,
    int sysFlag,
    long bornTimestamp,
    HostAddress bornHost,
    long storeTimestamp,
    HostAddress storeHost,
    int reconsumeTimes,
    long preparedTransactionOffset,
    ByteBuffer body,
    String topic,
    String properties) {

  public MessageRecord {
    Objects.requireNonNull(bornHost, "bornHost");
    Objects.requireNonNull(storeHost, "storeHost");
    Objects.requireNonNull(topic, "topic");
    // A read-only input needs only the slice that pins its window; that saves a buffer per record
    // when decoding shares bodies.
    body =
        body == null
            ? ByteBuffer.allocate(0)
            : body.isReadOnly() ? body.slice() : body.slice().asReadOnlyBuffer();
    properties = properties == null ? "" : properties;
    sysFlag = SysFlag.withHostFlags(sysFlag, bornHost.isIpv6(), storeHost.isIpv6());
  }

  /** An independent read-only view of the body (position 0, limit = body length). */
  @Override
  public ByteBuffer body() {
    return body.duplicate();
  }

  public int bodyLength() {
    return body.remaining();
  }

  /** A copy of the body bytes. */
  public byte[] bodyBytes() {
    byte[] copy = new byte[body.remaining()];
    body.get(0, copy);
    return copy;
  }

  /** The properties parsed into a map (a fresh, mutable copy). */
  public Map<String, String> propertyMap() {
    return MessageProperties.decode(properties);
  }

  /** One property, looked up in the encoded string, or null. */
  public String property(String name) {
    return MessageProperties.get(properties, name);
  }

  /** The TAGS property, or null. */
  public String tags() {
    return property(MessageProperties.TAGS);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this record's fields. */
  public Builder toBuilder() {
    return new Builder()
        .queueId(queueId)
        .flag(flag)
        .queueOffset(queueOffset)
        .commitLogOffset(commitLogOffset)
        .sysFlag(sysFlag)
        .bornTimestamp(bornTimestamp)
        .bornHost(bornHost)
        .storeTimestamp(storeTimestamp)
        .storeHost(storeHost)
        .reconsumeTimes(reconsumeTimes)
        .preparedTransactionOffset(preparedTransactionOffset)
        .body(body)
        .topic(topic)
        .properties(properties);
  }

  /** Builder for the fourteen components; hosts and topic are required. */
  public static final class Builder {
    private int queueId;
    private int flag;
    private long queueOffset;
    private long commitLogOffset;
    private int sysFlag;
    private long bornTimestamp;
    private HostAddress bornHost;
    private long storeTimestamp;
    private HostAddress storeHost;
    private int reconsumeTimes;
    private long preparedTransactionOffset;
    private ByteBuffer body;
    private String topic;
    private String properties = "";

    private Builder() {}

    public Builder queueId(int v) {
      queueId = v;
      return this;
    }

    public Builder flag(int v) {
      flag = v;
      return this;
    }

    public Builder queueOffset(long v) {
      queueOffset = v;
      return this;
    }

    public Builder commitLogOffset(long v) {
      commitLogOffset = v;
      return this;
    }

    public Builder sysFlag(int v) {
      sysFlag = v;
      return this;
    }

    public Builder bornTimestamp(long v) {
      bornTimestamp = v;
      return this;
    }

    public Builder bornHost(HostAddress v) {
      bornHost = v;
      return this;
    }

    public Builder storeTimestamp(long v) {
      storeTimestamp = v;
      return this;
    }

    public Builder storeHost(HostAddress v) {
      storeHost = v;
      return this;
    }

    public Builder reconsumeTimes(int v) {
      reconsumeTimes = v;
      return this;
    }

    public Builder preparedTransactionOffset(long v) {
      preparedTransactionOffset = v;
      return this;
    }

    /** Shares the buffer's position-to-limit window (no copy). */
    public Builder body(ByteBuffer v) {
      body = v;
      return this;
    }

    /** Wraps the array (no copy). */
    public Builder body(byte[] v) {
      body = v == null ? null : ByteBuffer.wrap(v);
      return this;
    }

    public Builder topic(String v) {
      topic = v;
      return this;
    }

    /** The encoded property string. */
    public Builder properties(String v) {
      properties = v;
      return this;
    }

    /** Encodes the map now (see {@link MessageProperties#encode}). */
    public Builder properties(Map<String, String> v) {
      properties = MessageProperties.encode(v);
      return this;
    }

    public MessageRecord build() {
      return new MessageRecord(
          queueId,
          flag,
          queueOffset,
          commitLogOffset,
          sysFlag,
          bornTimestamp,
          bornHost,
          storeTimestamp,
          storeHost,
          reconsumeTimes,
          preparedTransactionOffset,
          body,
          topic,
          properties);
    }
  }
}
