package io.actormq.broker.transaction;

import io.actormq.broker.queue.QueueCommand.AppendReply;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the {@link TransactionActor} needs from the world, each step asynchronous with its result
 * going back to the actor: the clock, the half and op logs, the real queues and the producers'
 * connections. {@link TransactionStore} is the node's; tests drive the actor with a manual clock.
 */
public interface TransactionBackend {

  /** Where a half message stands. */
  enum State {
    OPEN,
    /** Committed, the copy in the real queue not yet confirmed. */
    COMMITTING,
    COMMITTED,
    ROLLED_BACK,
    DISCARDED
  }

  /**
   * A half message as recovery found it.
   *
   * @param firstCheckAt when it is first due for a check (store time plus immunity)
   * @param checks checks already sent
   */
  record Half(long offset, State state, String producerGroup, long firstCheckAt, int checks) {}

  /** Every half message in the half log, in offset order. */
  record Recovered(List<Half> halves) {}

  long now();

  /** Makes sure the transaction topics exist and reads back the state of every half message. */
  CompletionStage<Recovered> open();

  /** Stores half messages (already in the half shape); answered once durable. */
  CompletionStage<AppendReply> prepare(List<ByteBuffer> halves);

  /**
   * Records the commit, then stores the committed copy in the real queue unless it is there already
   * (a commit interrupted by a crash, or a half sent twice), then records that.
   */
  CompletionStage<Void> commit(long halfOffset);

  CompletionStage<Void> rollback(long halfOffset);

  /**
   * Records a check and sends CHECK_TRANSACTION_STATE to one live connection of the producer group.
   *
   * @return whether a producer could be asked
   */
  CompletionStage<Boolean> check(long halfOffset, String producerGroup);

  /** Records the give-up and keeps the half in the discard topic. */
  CompletionStage<Void> discard(long halfOffset);
}
