package io.actormq.protocol.remoting;

import java.util.Arrays;

/**
 * Per-thread scratch space the header encoders write into before the exact-size frame is allocated,
 * so that encoding is one pass over the strings and one allocation.
 *
 * <p>Encoding calls no foreign code while it holds the buffer, so a thread never needs two. A
 * buffer grown for an unusually large header is dropped afterwards rather than kept per thread.
 */
final class HeaderBuffer {

  private static final int INITIAL = 1024;
  private static final int KEEP_AT_MOST = 64 * 1024;
  private static final ThreadLocal<HeaderBuffer> LOCAL = ThreadLocal.withInitial(HeaderBuffer::new);

  private byte[] bytes = new byte[INITIAL];
  private JsonHeaderCodec.Sink jsonSink;
  private BinaryHeaderCodec.Sink binarySink;

  static HeaderBuffer get() {
    return LOCAL.get();
  }

  /** The buffer, grown if needed so that {@code extra} bytes fit from {@code p}. */
  byte[] ensure(int p, long extra) {
    if (bytes.length - p < extra) {
      long wanted = Math.max(bytes.length * 2L, p + extra);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("header exceeds 2 GiB");
      }
      bytes = Arrays.copyOf(bytes, (int) wanted);
    }
    return bytes;
  }

  JsonHeaderCodec.Sink jsonSink() {
    if (jsonSink == null) {
      jsonSink = new JsonHeaderCodec.Sink();
    }
    return jsonSink;
  }

  BinaryHeaderCodec.Sink binarySink() {
    if (binarySink == null) {
      binarySink = new BinaryHeaderCodec.Sink();
    }
    return binarySink;
  }

  byte[] bytes() {
    return bytes;
  }

  /** Called after each use: forgets an oversized buffer. */
  void release() {
    if (bytes.length > KEEP_AT_MOST) {
      bytes = new byte[INITIAL];
    }
  }
}
