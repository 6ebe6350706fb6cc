package io.actormq.persistence.journal;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serialization$;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import scala.util.Try;

/**
 * Turns user objects (events, snapshots, metadata) into Pekko's serializer id + manifest + bytes
 * and back, so stored data follows the application's serialization bindings rather than a format of
 * ours. Thread-safe.
 */
final class PayloadSerializer {

  /** A serialized object as it is stored. */
  record Serialized(int serializerId, String manifest, byte[] bytes) {

    int encodedSize() {
      return 4 + 4 + manifest.getBytes(StandardCharsets.UTF_8).length + 4 + bytes.length;
    }

    void writeTo(ByteBuffer out) {
      out.putInt(serializerId);
      putString(out, manifest);
      out.putInt(bytes.length);
      out.put(bytes);
    }

    static Serialized readFrom(ByteBuffer in) {
      int id = in.getInt();
      String manifest = getString(in);
      byte[] bytes = new byte[in.getInt()];
      in.get(bytes);
      return new Serialized(id, manifest, bytes);
    }
  }

  private final ExtendedActorSystem system;
  private final Serialization serialization;

  PayloadSerializer(ActorSystem system) {
    this.system = (ExtendedActorSystem) system;
    this.serialization = SerializationExtension.get(system);
  }

  /**
   * Serializes {@code value}; throws {@link NotSerializableException} when no serializer is bound
   * to its class, which the journal reports as a rejection.
   */
  Serialized serialize(Object value) throws NotSerializableException {
    Serializer serializer = serialization.serializerFor(value.getClass());
    // Serializers of actor refs (the TCK's TestPayload, typed refs) need the system's address.
    byte[] bytes =
        Serialization$.MODULE$.withTransportInformation(system, () -> serializer.toBinary(value));
    return new Serialized(
        serializer.identifier(), Serializers.manifestFor(serializer, value), bytes);
  }

  /** Deserializes; a failure (unknown serializer, bad bytes) becomes an unchecked exception. */
  Object deserialize(Serialized s) {
    Try<Object> result =
        Serialization$.MODULE$.withTransportInformation(
            system, () -> serialization.deserialize(s.bytes(), s.serializerId(), s.manifest()));
    if (result.isFailure()) {
      throw new IllegalStateException(
          "cannot deserialize with serializer "
              + s.serializerId()
              + " manifest '"
              + s.manifest()
              + "'",
          result.failed().get());
    }
    return result.get();
  }

  static void putString(ByteBuffer out, String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    out.putInt(b.length);
    out.put(b);
  }

  static String getString(ByteBuffer in) {
    int len = in.getInt();
    if (len < 0 || len > in.remaining()) {
      throw new IllegalStateException("bad string length " + len);
    }
    byte[] b = new byte[len];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  static int stringSize(String value) {
    return 4 + value.getBytes(StandardCharsets.UTF_8).length;
  }
}
