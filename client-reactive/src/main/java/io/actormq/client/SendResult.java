package io.actormq.client;

import io.actormq.protocol.body.MessageQueue;

/**
 * The outcome of sending one {@link Message}: where it was stored, or why it was not.
 *
 * @param message the message sent
 * @param msgId its {@code UNIQ_KEY}, the id consumers see
 * @param offsetMsgId the broker's storage id, null on failure
 * @param queue the queue written, null on failure
 * @param queueOffset its offset in the queue, -1 on failure
 * @param transactionId the half message's transaction id, or null
 * @param error why it failed, null on success
 */
public record SendResult(
    Message message,
    String msgId,
    String offsetMsgId,
    MessageQueue queue,
    long queueOffset,
    String transactionId,
    Throwable error) {

  public static SendResult failed(Message message, String msgId, Throwable error) {
    return new SendResult(message, msgId, null, null, -1, null, error);
  }

  public boolean isSuccess() {
    return error == null;
  }
}
