package io.actormq.broker.queue;

import io.actormq.persistence.log.ReadResult;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** The protocol of {@link QueueActor}: what a queue can be asked, and what it answers. */
public sealed interface QueueCommand
    permits QueueCommand.Append,
        QueueCommand.Pull,
        QueueCommand.CommitOffset,
        QueueCommand.ResetOffset,
        QueueCommand.QueryOffset,
        QueueCommand.GetBounds,
        QueueCommand.SearchOffset,
        QueueCommand.ReadAt,
        QueueCommand.ReadOffsets,
        QueueCommand.QueryKey,
        QueueCommand.ReleaseWaiters,
        QueueCommand.TrimBelow,
        QueueActor.Internal {

  /**
   * Stores encoded message records (the wire layout; offsets are stamped by the log). Answered once
   * the records are as durable as the flush policy demands.
   */
  record Append(List<ByteBuffer> records, ActorRef<AppendReply> replyTo) implements QueueCommand {}

  /**
   * Reads from {@code offset}. With {@code holdMillis > 0} a pull that finds nothing new is parked
   * until a matching record arrives or the hold ends (long polling).
   *
   * @param tagCodes sorted tag hash codes to accept, or null for every record
   * @param commitOffset a consumer offset to commit for {@code group} first, or -1
   */
  record Pull(
      String group,
      long offset,
      int maxRecords,
      int maxBytes,
      int[] tagCodes,
      long holdMillis,
      long commitOffset,
      ActorRef<ReadResult> replyTo)
      implements QueueCommand {}

  /** Commits a consumer offset; it only moves forward (see {@link QueueActor}). */
  record CommitOffset(String group, long offset) implements QueueCommand {}

  /** Sets a consumer offset to any value (backtracking); answered once applied. */
  record ResetOffset(String group, long offset, ActorRef<OffsetReply> replyTo)
      implements QueueCommand {}

  /** The committed offset of {@code group}, or -1 if it never committed. */
  record QueryOffset(String group, ActorRef<OffsetReply> replyTo) implements QueueCommand {}

  record GetBounds(ActorRef<QueueBounds> replyTo) implements QueueCommand {}

  /**
   * The first offset stored at or after {@code timestamp} ({@code upper} false) or the last one
   * stored at or before it ({@code upper} true).
   */
  record SearchOffset(long timestamp, boolean upper, ActorRef<OffsetReply> replyTo)
      implements QueueCommand {}

  /** The record whose commitLogOffset (from an offsetMsgId) is given. */
  record ReadAt(long commitLogOffset, ActorRef<Records> replyTo) implements QueueCommand {}

  /**
   * The records at these queue offsets, in the same order; an offset with no record (deleted, never
   * written) is left out.
   */
  record ReadOffsets(long[] offsets, ActorRef<Records> replyTo) implements QueueCommand {}

  /** Records with {@code key} (a KEYS entry or UNIQ_KEY) stored in [begin, end], newest first. */
  record QueryKey(
      String key, long beginTimestamp, long endTimestamp, int max, ActorRef<Records> replyTo)
      implements QueueCommand {}

  /**
   * Deletes the segments holding only records below {@code offset}: for system queues whose owner
   * knows what it no longer needs (they are exempt from time-based retention).
   */
  record TrimBelow(long offset) implements QueueCommand {}

  /**
   * The node is stopping: answer parked pulls with what there is now and park no more, so the front
   * door's drain does not wait for long polls.
   */
  enum ReleaseWaiters implements QueueCommand {
    INSTANCE
  }

  // ---- replies ----

  sealed interface AppendReply {}

  /**
   * @param commitLogOffsets one per record, for the offsetMsgIds of the send response
   */
  record AppendOk(long firstOffset, long[] commitLogOffsets) implements AppendReply {}

  /**
   * @param responseCode the RocketMQ response code that fits the failure
   */
  record AppendFailed(int responseCode, String reason) implements AppendReply {}

  record OffsetReply(long offset) {}

  /**
   * @param maxOffset the next offset to be written
   * @param earliestStoreTimestamp store time of the record at minOffset, or 0 when empty
   * @param storedBytes bytes of the records from minOffset to maxOffset
   */
  record QueueBounds(
      long minOffset, long maxOffset, long earliestStoreTimestamp, long storedBytes) {}

  record Records(List<ByteBuffer> records) {}
}
