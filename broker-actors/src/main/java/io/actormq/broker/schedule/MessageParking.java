package io.actormq.broker.schedule;

import io.actormq.broker.queue.QueueCommand.AppendReply;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Parks records with the timer until due: how request handlers reach the {@link TimerActor}. */
@FunctionalInterface
public interface MessageParking {

  /**
   * @param records records in the parked shape ({@link ParkedRecords})
   * @param deliverAt when each record is due, epoch milliseconds
   */
  CompletionStage<AppendReply> park(List<ByteBuffer> records, long[] deliverAt);
}
