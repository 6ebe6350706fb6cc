package io.actormq.persistence.journal;

import io.actormq.persistence.journal.PayloadSerializer.Serialized;
import io.actormq.persistence.log.RecordFormat;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The journal's records in the {@link io.actormq.persistence.log.QueueLog}. Big-endian:
 *
 * <pre>
 *  0 int   magic 0x414d514a ("AMQJ")
 *  4 int   record length in bytes
 *  8 int   CRC32C of bytes [20, length)
 * 12 long  logical offset, stamped by the log at append (outside the CRC: written after it)
 * 20 byte  type: 1 event, 2 deletion (tombstone)
 * 21 byte  flags: bit 0 = last record of its AtomicWrite
 * 22 short reserved, 0
 * 24 int   index of the record within its AtomicWrite
 * 28 long  store time (epoch ms)
 * 36 long  sequenceNr (event) or deleted-to sequenceNr (deletion)
 * 44 string persistenceId                      (strings: int length + UTF-8)
 * event only:
 *    string writerUuid, string event manifest (PersistentRepr.manifest), long event timestamp,
 *    payload: int serializerId, string serializer manifest, int length, bytes,
 *    byte 1 + metadata payload | byte 0
 * </pre>
 *
 * An AtomicWrite is stored as consecutive records numbered from 0 whose last carries the flag; a
 * write torn by a crash therefore shows as a run without its last record and is ignored when the
 * journal rebuilds its index.
 */
final class JournalRecordFormat implements RecordFormat {

  static final int MAGIC = 0x414d514a;
  static final byte TYPE_EVENT = 1;
  static final byte TYPE_DELETION = 2;
  private static final byte FLAG_LAST = 1;

  private static final int LENGTH = 4;
  private static final int CRC = 8;
  private static final int OFFSET = 12;
  private static final int CRC_FROM = 20;
  private static final int TYPE = 20;
  private static final int FLAGS = 21;
  private static final int INDEX = 24;
  private static final int STORE_TS = 28;
  private static final int SEQ_NR = 36;
  private static final int PID = 44;
  private static final int MIN_LENGTH = PID + 4;

  /** The fields every record has, enough to rebuild the index. */
  record Header(
      byte type, boolean lastOfWrite, int indexInWrite, long sequenceNr, String persistenceId) {}

  /** A stored event, its payload still serialized. */
  record Event(
      String persistenceId,
      long sequenceNr,
      String writerUuid,
      String manifest,
      long timestamp,
      Serialized payload,
      Serialized metadata) {}

  @Override
  public int validate(ByteBuffer buf, int pos, int limit) {
    if (limit - pos < MIN_LENGTH || buf.getInt(pos) != MAGIC) {
      return -1;
    }
    int length = buf.getInt(pos + LENGTH);
    if (length < MIN_LENGTH || length > limit - pos) {
      return -1;
    }
    return buf.getInt(pos + CRC) == crc(buf, pos + CRC_FROM, pos + length) ? length : -1;
  }

  @Override
  public long logicalOffset(ByteBuffer buf, int pos) {
    return buf.getLong(pos + OFFSET);
  }

  @Override
  public void stamp(ByteBuffer buf, int pos, long logicalOffset, long physicalPosition) {
    buf.putLong(pos + OFFSET, logicalOffset);
  }

  @Override
  public long storeTimestamp(ByteBuffer buf, int pos) {
    return buf.getLong(pos + STORE_TS);
  }

  static ByteBuffer encodeEvent(
      Event e, int indexInWrite, boolean lastOfWrite, long storeTimestamp) {
    int size =
        PID
            + PayloadSerializer.stringSize(e.persistenceId())
            + PayloadSerializer.stringSize(e.writerUuid())
            + PayloadSerializer.stringSize(e.manifest())
            + 8
            + e.payload().encodedSize()
            + 1
            + (e.metadata() == null ? 0 : e.metadata().encodedSize());
    ByteBuffer buf = header(size, TYPE_EVENT, indexInWrite, lastOfWrite, storeTimestamp);
    buf.putLong(SEQ_NR, e.sequenceNr());
    buf.position(PID);
    PayloadSerializer.putString(buf, e.persistenceId());
    PayloadSerializer.putString(buf, e.writerUuid());
    PayloadSerializer.putString(buf, e.manifest());
    buf.putLong(e.timestamp());
    e.payload().writeTo(buf);
    if (e.metadata() == null) {
      buf.put((byte) 0);
    } else {
      buf.put((byte) 1);
      e.metadata().writeTo(buf);
    }
    return seal(buf);
  }

  static ByteBuffer encodeDeletion(String persistenceId, long toSequenceNr, long storeTimestamp) {
    int size = PID + PayloadSerializer.stringSize(persistenceId);
    ByteBuffer buf = header(size, TYPE_DELETION, 0, true, storeTimestamp);
    buf.putLong(SEQ_NR, toSequenceNr);
    buf.position(PID);
    PayloadSerializer.putString(buf, persistenceId);
    return seal(buf);
  }

  private static ByteBuffer header(
      int size, byte type, int indexInWrite, boolean last, long storeTimestamp) {
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.putInt(0, MAGIC);
    buf.putInt(LENGTH, size);
    buf.put(TYPE, type);
    buf.put(FLAGS, last ? FLAG_LAST : 0);
    buf.putInt(INDEX, indexInWrite);
    buf.putLong(STORE_TS, storeTimestamp);
    return buf;
  }

  private static ByteBuffer seal(ByteBuffer buf) {
    if (buf.hasRemaining()) {
      throw new IllegalStateException("journal record size miscomputed");
    }
    buf.putInt(CRC, crc(buf, CRC_FROM, buf.capacity()));
    return buf.clear();
  }

  /** Reads the header of the (already validated) record starting at {@code record}'s position. */
  static Header readHeader(ByteBuffer record) {
    ByteBuffer buf = record.slice();
    buf.position(PID);
    return new Header(
        buf.get(TYPE),
        (buf.get(FLAGS) & FLAG_LAST) != 0,
        buf.getInt(INDEX),
        buf.getLong(SEQ_NR),
        PayloadSerializer.getString(buf));
  }

  /** Reads the event record starting at {@code record}'s position. */
  static Event readEvent(ByteBuffer record) {
    ByteBuffer buf = record.slice();
    if (buf.get(TYPE) != TYPE_EVENT) {
      throw new IllegalStateException("not an event record");
    }
    long seqNr = buf.getLong(SEQ_NR);
    buf.position(PID);
    String pid = PayloadSerializer.getString(buf);
    String writerUuid = PayloadSerializer.getString(buf);
    String manifest = PayloadSerializer.getString(buf);
    long timestamp = buf.getLong();
    Serialized payload = Serialized.readFrom(buf);
    Serialized metadata = buf.get() == 1 ? Serialized.readFrom(buf) : null;
    return new Event(pid, seqNr, writerUuid, manifest, timestamp, payload, metadata);
  }

  private static int crc(ByteBuffer buf, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(buf.slice(from, to - from));
    return (int) crc.getValue();
  }
}
