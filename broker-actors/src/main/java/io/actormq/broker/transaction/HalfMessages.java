package io.actormq.broker.transaction;

import io.actormq.broker.queue.QueueCommand.AppendReply;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/** Stores half messages: how the send handler reaches the {@link TransactionActor}. */
@FunctionalInterface
public interface HalfMessages {

  /**
   * @param half the record in the half shape ({@link HalfRecords#halfProperties})
   * @param immunityMillis time before the first check, or -1 for the configured default
   */
  CompletionStage<AppendReply> prepare(ByteBuffer half, String producerGroup, long immunityMillis);
}
