package io.actormq.client;

/** A send failed and the producer's policy is to fail the stream. */
public final class SendFailedException extends RuntimeException {

  private final transient SendResult result;

  public SendFailedException(SendResult result) {
    super("send to " + result.message().topic() + " failed", result.error());
    this.result = result;
  }

  public SendResult result() {
    return result;
  }
}
