package io.actormq.broker.transaction;

import io.actormq.broker.transaction.TransactionBackend.State;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The state of every half message by its offset in the half log, one byte each, so that a late or
 * repeated END_TRANSACTION is answered consistently however old its half message is (ten million
 * transactions cost ten MiB). Confined to the {@link TransactionActor}.
 */
final class HalfStates {

  private static final State[] STATES = State.values();
  private static final byte UNKNOWN = -1;

  private long base = -1;
  private byte[] states = new byte[1024];
  private int size;
  private final Set<Long> committing = new HashSet<>();

  /** The state of the half at {@code offset}, or null if there is no such half. */
  State get(long offset) {
    long i = offset - base;
    if (base < 0 || i < 0 || i >= size || states[(int) i] == UNKNOWN) {
      return null;
    }
    return STATES[states[(int) i]];
  }

  void set(long offset, State state) {
    if (base < 0) {
      base = offset;
    }
    if (offset < base) {
      throw new IllegalArgumentException("half offset " + offset + " lies before " + base);
    }
    int i = Math.toIntExact(offset - base);
    if (i >= states.length) {
      int grown = Math.max(states.length * 2, i + 1);
      states = Arrays.copyOf(states, grown);
    }
    if (i >= size) {
      Arrays.fill(states, size, i, UNKNOWN);
      size = i + 1;
    }
    states[i] = (byte) state.ordinal();
    if (state == State.COMMITTING) {
      committing.add(offset);
    } else {
      committing.remove(offset);
    }
  }

  /** Halves whose commit is decided but not yet confirmed in the real queue. */
  void forEachCommitting(LongConsumer action) {
    for (long offset : Set.copyOf(committing)) {
      action.accept(offset);
    }
  }
}
