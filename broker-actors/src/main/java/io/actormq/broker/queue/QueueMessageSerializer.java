package io.actormq.broker.queue;

import static io.actormq.broker.queue.QueueWireWriter.sizeOf;

import io.actormq.broker.queue.QueueCommand.Append;
import io.actormq.broker.queue.QueueCommand.AppendFailed;
import io.actormq.broker.queue.QueueCommand.AppendOk;
import io.actormq.broker.queue.QueueCommand.CommitOffset;
import io.actormq.broker.queue.QueueCommand.GetBounds;
import io.actormq.broker.queue.QueueCommand.OffsetReply;
import io.actormq.broker.queue.QueueCommand.Pull;
import io.actormq.broker.queue.QueueCommand.QueryKey;
import io.actormq.broker.queue.QueueCommand.QueryOffset;
import io.actormq.broker.queue.QueueCommand.QueueBounds;
import io.actormq.broker.queue.QueueCommand.ReadAt;
import io.actormq.broker.queue.QueueCommand.ReadOffsets;
import io.actormq.broker.queue.QueueCommand.Records;
import io.actormq.broker.queue.QueueCommand.ReleaseWaiters;
import io.actormq.broker.queue.QueueCommand.ResetOffset;
import io.actormq.broker.queue.QueueCommand.SearchOffset;
import io.actormq.broker.queue.QueueCommand.TrimBelow;
import io.actormq.persistence.log.ReadResult;
import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The binary form of {@link QueueCommand}, its replies and {@link ReadResult}, for requests that
 * sharding forwards to the node holding a queue. Records travel as their stored bytes, copied once
 * into the message's array; on arrival they are slices of that array, not copies. Actor refs travel
 * in {@link ActorRefResolver}'s format.
 *
 * <p>Identifier {@value #IDENTIFIER} (Pekko keeps 0..40 for itself). The manifest names the layout
 * as well as the type: a changed layout takes a new manifest, and the old one stays readable for as
 * long as a rolling upgrade can mix nodes.
 *
 * <p>{@link QueueActor.Internal} messages are the actor's own business on its own node (they hold
 * open logs and failures) and are refused with {@link NotSerializableException}.
 */
public final class QueueMessageSerializer extends SerializerWithStringManifest {

  public static final int IDENTIFIER = 7301;

  private static final String APPEND = "A";
  private static final String PULL = "P";
  private static final String COMMIT_OFFSET = "CO";
  private static final String RESET_OFFSET = "RS";
  private static final String QUERY_OFFSET = "QO";
  private static final String GET_BOUNDS = "GB";
  private static final String SEARCH_OFFSET = "SO";
  private static final String READ_AT = "RA";
  private static final String READ_OFFSETS = "RO";
  private static final String QUERY_KEY = "QK";
  private static final String TRIM_BELOW = "TB";
  private static final String RELEASE_WAITERS = "RW";
  private static final String APPEND_OK = "AO";
  private static final String APPEND_FAILED = "AF";
  private static final String OFFSET_REPLY = "OR";
  private static final String QUEUE_BOUNDS = "QB";
  private static final String RECORDS = "R";
  private static final String READ_RESULT = "RR";

  private static final byte[] EMPTY = new byte[0];

  /** Wire codes of the statuses, independent of the enum's declaration order. */
  private static final ReadResult.Status[] STATUS_BY_CODE = {
    ReadResult.Status.FOUND,
    ReadResult.Status.ALL_FILTERED,
    ReadResult.Status.NO_NEW_RECORDS,
    ReadResult.Status.OFFSET_TOO_SMALL,
    ReadResult.Status.OFFSET_OVERFLOW
  };

  private final ExtendedActorSystem system;

  // Looked up on first use: Pekko may create serializers while the system is still starting.
  private volatile ActorRefResolver resolver;

  public QueueMessageSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof Append) return APPEND;
    if (o instanceof Pull) return PULL;
    if (o instanceof CommitOffset) return COMMIT_OFFSET;
    if (o instanceof ResetOffset) return RESET_OFFSET;
    if (o instanceof QueryOffset) return QUERY_OFFSET;
    if (o instanceof GetBounds) return GET_BOUNDS;
    if (o instanceof SearchOffset) return SEARCH_OFFSET;
    if (o instanceof ReadAt) return READ_AT;
    if (o instanceof ReadOffsets) return READ_OFFSETS;
    if (o instanceof QueryKey) return QUERY_KEY;
    if (o instanceof TrimBelow) return TRIM_BELOW;
    if (o instanceof ReleaseWaiters) return RELEASE_WAITERS;
    if (o instanceof AppendOk) return APPEND_OK;
    if (o instanceof AppendFailed) return APPEND_FAILED;
    if (o instanceof OffsetReply) return OFFSET_REPLY;
    if (o instanceof QueueBounds) return QUEUE_BOUNDS;
    if (o instanceof Records) return RECORDS;
    if (o instanceof ReadResult) return READ_RESULT;
    throw refuse(o);
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof Append m) {
      String ref = ref(m.replyTo());
      QueueWireWriter w = new QueueWireWriter(sizeOf(m.records()) + sizeOf(ref));
      w.putBuffers(m.records());
      w.putString(ref);
      return w.finish();
    }
    if (o instanceof Pull m) {
      String ref = ref(m.replyTo());
      QueueWireWriter w =
          new QueueWireWriter(
              sizeOf(m.group()) + 8 + 4 + 4 + sizeOf(m.tagCodes()) + 8 + 8 + sizeOf(ref));
      w.putString(m.group());
      w.putLong(m.offset());
      w.putInt(m.maxRecords());
      w.putInt(m.maxBytes());
      w.putInts(m.tagCodes());
      w.putLong(m.holdMillis());
      w.putLong(m.commitOffset());
      w.putString(ref);
      return w.finish();
    }
    if (o instanceof CommitOffset m) {
      QueueWireWriter w = new QueueWireWriter(sizeOf(m.group()) + 8);
      w.putString(m.group());
      w.putLong(m.offset());
      return w.finish();
    }
    if (o instanceof ResetOffset m) {
      String ref = ref(m.replyTo());
      QueueWireWriter w = new QueueWireWriter(sizeOf(m.group()) + 8 + sizeOf(ref));
      w.putString(m.group());
      w.putLong(m.offset());
      w.putString(ref);
      return w.finish();
    }
    if (o instanceof QueryOffset m) {
      String ref = ref(m.replyTo());
      QueueWireWriter w = new QueueWireWriter(sizeOf(m.group()) + sizeOf(ref));
      w.putString(m.group());
      w.putString(ref);
      return w.finish();
    }
    if (o instanceof GetBounds m) {
      String ref = ref(m.replyTo());
      QueueWireWriter w = new QueueWireWriter(sizeOf(ref));
      w.putString(ref);
      return w.finish();
    }
    if (o instanceof SearchOffset m) {
      String ref = ref(m.replyTo());
      QueueWireWriter w = new QueueWireWriter(8 + 1 + sizeOf(ref));
      w.putLong(m.timestamp());
      w.putBoolean(m.upper());
      w.putString(ref);
      return w.finish();
    }
    if (o instanceof ReadAt m) {
      String ref = ref(m.replyTo());
      QueueWireWriter w = new QueueWireWriter(8 + sizeOf(ref));
      w.putLong(m.commitLogOffset());
      w.putString(ref);
      return w.finish();
    }
    if (o instanceof ReadOffsets m) {
      String ref = ref(m.replyTo());
      QueueWireWriter w = new QueueWireWriter(sizeOf(m.offsets()) + sizeOf(ref));
      w.putLongs(m.offsets());
      w.putString(ref);
      return w.finish();
    }
    if (o instanceof QueryKey m) {
      String ref = ref(m.replyTo());
      QueueWireWriter w = new QueueWireWriter(sizeOf(m.key()) + 8 + 8 + 4 + sizeOf(ref));
      w.putString(m.key());
      w.putLong(m.beginTimestamp());
      w.putLong(m.endTimestamp());
      w.putInt(m.max());
      w.putString(ref);
      return w.finish();
    }
    if (o instanceof TrimBelow m) {
      QueueWireWriter w = new QueueWireWriter(8);
      w.putLong(m.offset());
      return w.finish();
    }
    if (o instanceof ReleaseWaiters) {
      return EMPTY;
    }
    if (o instanceof AppendOk m) {
      QueueWireWriter w = new QueueWireWriter(8 + sizeOf(m.commitLogOffsets()));
      w.putLong(m.firstOffset());
      w.putLongs(m.commitLogOffsets());
      return w.finish();
    }
    if (o instanceof AppendFailed m) {
      QueueWireWriter w = new QueueWireWriter(4 + sizeOf(m.reason()));
      w.putInt(m.responseCode());
      w.putString(m.reason());
      return w.finish();
    }
    if (o instanceof OffsetReply m) {
      QueueWireWriter w = new QueueWireWriter(8);
      w.putLong(m.offset());
      return w.finish();
    }
    if (o instanceof QueueBounds m) {
      QueueWireWriter w = new QueueWireWriter(8 * 4);
      w.putLong(m.minOffset());
      w.putLong(m.maxOffset());
      w.putLong(m.earliestStoreTimestamp());
      w.putLong(m.storedBytes());
      return w.finish();
    }
    if (o instanceof Records m) {
      QueueWireWriter w = new QueueWireWriter(sizeOf(m.records()));
      w.putBuffers(m.records());
      return w.finish();
    }
    if (o instanceof ReadResult m) {
      QueueWireWriter w = new QueueWireWriter(1 + 4 + 4 + 8 * 3 + sizeOf(m.runs()));
      w.putByte(statusCode(m.status()));
      w.putBuffers(m.runs());
      w.putInt(m.count());
      w.putInt(m.bytes());
      w.putLong(m.nextOffset());
      w.putLong(m.minOffset());
      w.putLong(m.maxOffset());
      return w.finish();
    }
    throw refuse(o);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    QueueWireReader r = new QueueWireReader(bytes, "queue message [" + manifest + "]");
    // Fields are written in constructor order, and Java evaluates arguments left to right.
    Object decoded =
        switch (manifest) {
          case APPEND -> new Append(r.getBuffers(false), replyTo(r));
          case PULL ->
              new Pull(
                  r.getString(),
                  r.getLong(),
                  r.getInt(),
                  r.getInt(),
                  r.getInts(),
                  r.getLong(),
                  r.getLong(),
                  replyTo(r));
          case COMMIT_OFFSET -> new CommitOffset(r.getString(), r.getLong());
          case RESET_OFFSET -> new ResetOffset(r.getString(), r.getLong(), replyTo(r));
          case QUERY_OFFSET -> new QueryOffset(r.getString(), replyTo(r));
          case GET_BOUNDS -> new GetBounds(replyTo(r));
          case SEARCH_OFFSET -> new SearchOffset(r.getLong(), r.getBoolean(), replyTo(r));
          case READ_AT -> new ReadAt(r.getLong(), replyTo(r));
          case READ_OFFSETS -> new ReadOffsets(r.getLongs(), replyTo(r));
          case QUERY_KEY ->
              new QueryKey(r.getString(), r.getLong(), r.getLong(), r.getInt(), replyTo(r));
          case TRIM_BELOW -> new TrimBelow(r.getLong());
          case RELEASE_WAITERS -> ReleaseWaiters.INSTANCE;
          case APPEND_OK -> new AppendOk(r.getLong(), r.getLongs());
          case APPEND_FAILED -> new AppendFailed(r.getInt(), r.getString());
          case OFFSET_REPLY -> new OffsetReply(r.getLong());
          case QUEUE_BOUNDS -> new QueueBounds(r.getLong(), r.getLong(), r.getLong(), r.getLong());
          case RECORDS -> new Records(r.getBuffers(false));
          case READ_RESULT ->
              new ReadResult(
                  status(r),
                  r.getBuffers(true),
                  r.getInt(),
                  r.getInt(),
                  r.getLong(),
                  r.getLong(),
                  r.getLong());
          default ->
              throw new NotSerializableException(
                  "Unknown manifest [" + manifest + "] for " + getClass().getName());
        };
    r.end();
    return decoded;
  }

  private String ref(ActorRef<?> ref) {
    if (ref == null) {
      throw new IllegalArgumentException("A queue message without replyTo cannot be serialized");
    }
    return resolver().toSerializationFormat(ref);
  }

  private <T> ActorRef<T> replyTo(QueueWireReader r) {
    String path = r.getString();
    if (path == null) {
      throw r.corrupt("replyTo is null");
    }
    return resolver().resolveActorRef(path);
  }

  private ActorRefResolver resolver() {
    ActorRefResolver r = resolver;
    if (r == null) {
      r = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = r;
    }
    return r;
  }

  private static int statusCode(ReadResult.Status status) {
    return switch (status) {
      case FOUND -> 0;
      case ALL_FILTERED -> 1;
      case NO_NEW_RECORDS -> 2;
      case OFFSET_TOO_SMALL -> 3;
      case OFFSET_OVERFLOW -> 4;
    };
  }

  private static ReadResult.Status status(QueueWireReader r) {
    byte code = r.getByte();
    if (code < 0 || code >= STATUS_BY_CODE.length) {
      throw r.corrupt("unknown read status " + code);
    }
    return STATUS_BY_CODE[code];
  }

  private RuntimeException refuse(Object o) {
    String type = o == null ? "null" : o.getClass().getName();
    return sneakyThrow(
        new NotSerializableException(
            type + " stays on its node: " + getClass().getSimpleName() + " does not carry it"));
  }

  /**
   * Throws a checked exception where Pekko's (Scala) signatures do not declare one: Artery and the
   * serialization checks expect {@link NotSerializableException} for a message that must not leave
   * its node.
   */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }
}
