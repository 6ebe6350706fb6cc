package io.actormq.persistence.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A minimal record layout for engine tests, independent of the message format:
 *
 * <pre>
 *  0 size i32 | 4 crc i32 (CRC32 of bytes 16..size) | 8 logical offset i64 (stamped)
 * 16 storeTimestamp i64 | 24 tagHash i32 | 28 key length i16 | 30 key | payload
 * </pre>
 */
final class TestRecords implements RecordFormat {

  static final TestRecords FORMAT = new TestRecords();
  static final int HEADER = 30;

  static ByteBuffer record(long timestamp, int tagHash, String key, byte[] payload) {
    byte[] k = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
    int size = HEADER + k.length + payload.length;
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(size).putInt(0).putLong(-1).putLong(timestamp).putInt(tagHash);
    b.putShort((short) k.length).put(k).put(payload).flip();
    b.putInt(4, crc(b, 0, size));
    return b;
  }

  static ByteBuffer record(long timestamp, int tagHash, byte[] payload) {
    return record(timestamp, tagHash, null, payload);
  }

  private static int crc(ByteBuffer b, int pos, int size) {
    CRC32 crc = new CRC32();
    crc.update(b.duplicate().position(pos + 16).limit(pos + size));
    return (int) crc.getValue();
  }

  static byte[] payload(ByteBuffer record) {
    int keyLength = record.getShort(record.position() + 28);
    int start = record.position() + HEADER + keyLength;
    byte[] out = new byte[record.getInt(record.position()) - HEADER - keyLength];
    record.get(start, out);
    return out;
  }

  @Override
  public int validate(ByteBuffer buf, int pos, int limit) {
    if (pos < 0 || limit - pos < HEADER) {
      return -1;
    }
    int size = buf.getInt(pos);
    if (size < HEADER || size > limit - pos) {
      return -1;
    }
    return crc(buf, pos, size) == buf.getInt(pos + 4) ? size : -1;
  }

  @Override
  public long logicalOffset(ByteBuffer buf, int pos) {
    return buf.getLong(pos + 8);
  }

  @Override
  public void stamp(ByteBuffer buf, int pos, long logicalOffset, long physicalPosition) {
    buf.putLong(pos + 8, logicalOffset);
  }

  @Override
  public long storeTimestamp(ByteBuffer buf, int pos) {
    return buf.getLong(pos + 16);
  }

  @Override
  public int tagHash(ByteBuffer buf, int pos) {
    return buf.getInt(pos + 24);
  }

  @Override
  public void forEachKey(ByteBuffer buf, int pos, java.util.function.Consumer<String> sink) {
    int length = buf.getShort(pos + 28);
    if (length > 0) {
      byte[] k = new byte[length];
      buf.get(pos + HEADER, k);
      sink.accept(new String(k, StandardCharsets.UTF_8));
    }
  }
}
