package io.actormq.client;

import java.nio.ByteBuffer;

/** Byte-array views of response bodies for the JSON readers, which take arrays. */
final class Bytes {

  private static final byte[] EMPTY = new byte[0];

  private Bytes() {}

  /** The remaining bytes; the backing array itself when the buffer covers exactly all of it. */
  static byte[] of(ByteBuffer body) {
    if (body == null) {
      return EMPTY;
    }
    if (body.hasArray()
        && body.arrayOffset() + body.position() == 0
        && body.remaining() == body.array().length) {
      return body.array();
    }
    byte[] out = new byte[body.remaining()];
    body.duplicate().get(out);
    return out;
  }
}
