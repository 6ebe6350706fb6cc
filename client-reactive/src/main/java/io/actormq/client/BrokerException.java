package io.actormq.client;

/** A node answered a request with a response code other than success. */
public final class BrokerException extends RuntimeException {

  private final int code;

  public BrokerException(int code, String remark) {
    super("broker replied " + code + (remark == null ? "" : ": " + remark));
    this.code = code;
  }

  public int code() {
    return code;
  }
}
