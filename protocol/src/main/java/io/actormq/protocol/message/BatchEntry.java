package io.actormq.protocol.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One message of a {@code SEND_BATCH_MESSAGE} body: its flag, body and encoded properties. The
 * batch-level fields (topic, queue, sysFlag, born time and host) come from the request header.
 *
 * <p>Decoded entries share the request's bytes: {@code body} and {@code properties} are slices,
 * handed out as independent read-only views.
 */
public record BatchEntry(int flag, ByteBuffer body, ByteBuffer properties) {

  public BatchEntry {
    body = body == null ? ByteBuffer.allocate(0) : body.slice().asReadOnlyBuffer();
    properties =
        properties == null ? ByteBuffer.allocate(0) : properties.slice().asReadOnlyBuffer();
  }

  /** An entry from a body and a property map (encoded now). */
  public static BatchEntry of(int flag, byte[] body, Map<String, String> properties) {
    return of(flag, body, MessageProperties.encode(properties));
  }

  /** An entry from a body and an encoded property string. */
  public static BatchEntry of(int flag, byte[] body, String properties) {
    MessageProperties.checkLength(properties);
    return new BatchEntry(
        flag, ByteBuffer.wrap(body), ByteBuffer.wrap(properties.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public ByteBuffer body() {
    return body.duplicate();
  }

  @Override
  public ByteBuffer properties() {
    return properties.duplicate();
  }

  public int bodyLength() {
    return body.remaining();
  }

  public int propertiesLength() {
    return properties.remaining();
  }

  public byte[] bodyBytes() {
    byte[] copy = new byte[body.remaining()];
    body.get(0, copy);
    return copy;
  }

  /** The encoded property string. */
  public String propertiesString() {
    return Utf8.decode(properties, 0, properties.remaining());
  }

  /** One property looked up in the raw bytes, or null. */
  public String findProperty(String name) {
    long range = MessageProperties.find(properties, 0, properties.remaining(), name);
    if (range < 0) {
      return null;
    }
    return Utf8.decode(
        properties, MessageProperties.rangeOffset(range), MessageProperties.rangeLength(range));
  }
}
