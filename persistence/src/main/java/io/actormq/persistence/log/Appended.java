package io.actormq.persistence.log;

import java.util.concurrent.CompletionStage;

/**
 * The result of an append: known at once, durable later.
 *
 * @param firstOffset the logical offset of the batch's first record
 * @param count the number of records appended
 * @param firstPosition the physical position of the first record
 * @param durable completes once the batch is as durable as the log's {@link FlushPolicy} demands;
 *     fails if the flush fails
 */
public record Appended(
    long firstOffset, int count, long firstPosition, CompletionStage<Void> durable) {

  public long lastOffset() {
    return firstOffset + count - 1;
  }
}
