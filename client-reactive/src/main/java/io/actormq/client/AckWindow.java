package io.actormq.client;

/**
 * The delivered, not yet acknowledged offsets of one queue, in delivery (= offset) order. Acks
 * arrive in any order; the lowest unacknowledged offset is the head after the acknowledged prefix
 * is dropped. A ring of primitives: no boxing and no allocation once grown. Not thread-safe.
 */
final class AckWindow {

  private long[] offsets = new long[16];
  private boolean[] acked = new boolean[16];
  private int head;
  private int size;

  /** Appends an offset; it must exceed every offset already held. */
  void add(long offset) {
    if (size > 0 && offset <= at(size - 1)) {
      throw new IllegalArgumentException("offset " + offset + " is not past " + at(size - 1));
    }
    if (size == offsets.length) {
      grow();
    }
    int i = (head + size) & (offsets.length - 1);
    offsets[i] = offset;
    acked[i] = false;
    size++;
  }

  /** Marks an offset acknowledged; false if it is not held (or was already acked). */
  boolean ack(long offset) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long v = at(mid);
      if (v < offset) {
        lo = mid + 1;
      } else if (v > offset) {
        hi = mid - 1;
      } else {
        int i = (head + mid) & (offsets.length - 1);
        if (acked[i]) {
          return false;
        }
        acked[i] = true;
        while (size > 0 && acked[head]) {
          head = (head + 1) & (offsets.length - 1);
          size--;
        }
        return true;
      }
    }
    return false;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Held offsets, acknowledged ones behind the head included. */
  int size() {
    return size;
  }

  /** The lowest unacknowledged offset; only when not empty. */
  long lowest() {
    return offsets[head];
  }

  private long at(int index) {
    return offsets[(head + index) & (offsets.length - 1)];
  }

  private void grow() {
    long[] o = new long[offsets.length * 2];
    boolean[] a = new boolean[o.length];
    for (int k = 0; k < size; k++) {
      int i = (head + k) & (offsets.length - 1);
      o[k] = offsets[i];
      a[k] = acked[i];
    }
    offsets = o;
    acked = a;
    head = 0;
  }
}
