package io.actormq.protocol.message;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code SEND_BATCH_MESSAGE} (320) body: entries back to back, each {@code [size i32][magic
 * i32][crc i32][flag i32][bodyLen i32][body][propsLen i16][props]}, where size counts the whole
 * entry. RocketMQ clients write 0 for magic and crc, so neither is checked.
 */
public final class MessageBatchCodec {

  /** Bytes of an entry besides its body and properties. */
  public static final int ENTRY_OVERHEAD = 4 + 4 + 4 + 4 + 4 + 2;

  private MessageBatchCodec() {}

  /**
   * Splits a batch body (position to limit, not moved) into entries that share its bytes.
   *
   * @throws MessageFormatException if the body is empty or an entry's lengths are negative, exceed
   *     the body or do not add up to its size
   */
  public static List<BatchEntry> decode(ByteBuffer batch) {
    int pos = batch.position();
    int end = batch.limit();
    if (pos >= end) {
      throw new MessageFormatException("batch body is empty");
    }
    List<BatchEntry> entries = new ArrayList<>();
    while (pos < end) {
      int index = entries.size();
      if (end - pos < ENTRY_OVERHEAD) {
        throw bad(index, pos, "only " + (end - pos) + " bytes left, fewer than an entry header");
      }
      int size = batch.getInt(pos);
      if (size < ENTRY_OVERHEAD) {
        throw bad(index, pos, "size " + size + " is below the minimum " + ENTRY_OVERHEAD);
      }
      if (size > end - pos) {
        throw bad(index, pos, "size " + size + " exceeds the " + (end - pos) + " bytes left");
      }
      int flag = batch.getInt(pos + 12);
      int bodyLen = batch.getInt(pos + 16);
      if (bodyLen < 0 || bodyLen > size - ENTRY_OVERHEAD) {
        throw bad(index, pos, "body length " + bodyLen + " does not fit size " + size);
      }
      int bodyPos = pos + 20;
      int propsLen = batch.getShort(bodyPos + bodyLen);
      if (propsLen < 0 || propsLen != size - ENTRY_OVERHEAD - bodyLen) {
        throw bad(
            index,
            pos,
            "properties length " + propsLen + " and body length " + bodyLen + " != size " + size);
      }
      entries.add(
          new BatchEntry(
              flag, batch.slice(bodyPos, bodyLen), batch.slice(bodyPos + bodyLen + 2, propsLen)));
      pos += size;
    }
    return entries;
  }

  /** Encoded length of the entries. */
  public static int size(List<BatchEntry> entries) {
    long size = 0;
    for (BatchEntry e : entries) {
      size += entrySize(e);
    }
    if (size > Integer.MAX_VALUE) {
      throw new MessageFormatException("batch of " + size + " bytes is too large");
    }
    return (int) size;
  }

  /**
   * Appends the entries at the buffer's position, advancing it.
   *
   * @throws BufferOverflowException if they do not fit; nothing is written then
   */
  public static void encode(List<BatchEntry> entries, ByteBuffer dst) {
    if (dst.remaining() < size(entries)) {
      throw new BufferOverflowException();
    }
    for (BatchEntry e : entries) {
      dst.putInt(entrySize(e)).putInt(0).putInt(0).putInt(e.flag()).putInt(e.bodyLength());
      dst.put(e.body());
      dst.putShort((short) e.propertiesLength());
      dst.put(e.properties());
    }
  }

  public static byte[] encode(List<BatchEntry> entries) {
    byte[] out = new byte[size(entries)];
    encode(entries, ByteBuffer.wrap(out));
    return out;
  }

  private static int entrySize(BatchEntry e) {
    if (e.propertiesLength() > MessageProperties.MAX_ENCODED_LENGTH) {
      throw new MessageFormatException(
          "batch entry properties are " + e.propertiesLength() + " bytes, too long");
    }
    long size = (long) ENTRY_OVERHEAD + e.bodyLength() + e.propertiesLength();
    if (size > Integer.MAX_VALUE) {
      throw new MessageFormatException("batch entry of " + size + " bytes is too large");
    }
    return (int) size;
  }

  private static MessageFormatException bad(int index, int pos, String why) {
    return new MessageFormatException("batch entry " + index + " at byte " + pos + ": " + why);
  }
}
