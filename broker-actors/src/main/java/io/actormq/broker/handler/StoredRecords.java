package io.actormq.broker.handler;

import io.actormq.protocol.header.SendMessageRequestHeader;
import io.actormq.protocol.message.HostAddress;
import io.actormq.protocol.message.MessageProperties;
import io.actormq.protocol.message.MessageRecord;
import io.actormq.protocol.message.MessageRecordCodec;
import io.actormq.protocol.message.UniqKeyGenerator;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * Turns a sent message into the record the queue stores, which is also the record a pull returns:
 * the wire layout of the protocol module, with the store time and hosts filled in and a UNIQ_KEY
 * added when the producer sent none. Offsets are left for the log to stamp.
 */
public final class StoredRecords {

  private final LongSupplier clock;

  public StoredRecords(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * @throws IllegalArgumentException if the properties exceed what the record layout can hold
   */
  public ByteBuffer encode(
      SendMessageRequestHeader header,
      int queueId,
      HostAddress bornHost,
      HostAddress storeHost,
      int flag,
      ByteBuffer body,
      String properties) {
    return encode(header.topic(), header, queueId, bornHost, storeHost, flag, body, properties);
  }

  /**
   * As sent, but stored under {@code topic} (a retry, dead-letter or timer topic instead of the one
   * the header names).
   *
   * @throws IllegalArgumentException if the properties exceed what the record layout can hold
   */
  public ByteBuffer encode(
      String topic,
      SendMessageRequestHeader header,
      int queueId,
      HostAddress bornHost,
      HostAddress storeHost,
      int flag,
      ByteBuffer body,
      String properties) {
    String props = properties == null ? "" : properties;
    if (MessageProperties.get(props, MessageProperties.UNIQ_KEY) == null) {
      props =
          MessageProperties.put(
              props, MessageProperties.UNIQ_KEY, UniqKeyGenerator.shared().next());
    }
    MessageProperties.checkLength(props);
    MessageRecord record =
        new MessageRecord(
            queueId,
            flag,
            0,
            0,
            header.sysFlag(),
            header.bornTimestamp(),
            bornHost,
            clock.getAsLong(),
            storeHost,
            header.reconsumeTimes() == null ? 0 : header.reconsumeTimes(),
            0,
            body,
            topic,
            props);
    ByteBuffer out = ByteBuffer.allocate(MessageRecordCodec.size(record));
    MessageRecordCodec.encode(record, out, 0);
    return out;
  }
}
