package io.actormq.multijvm;

/** A queue of a topic as the official client names it: the broker (by name) and the queue id. */
record QueueRef(String brokerName, int queueId) {

  @Override
  public String toString() {
    return brokerName + "#" + queueId;
  }
}
