package io.actormq.client;

import org.reactivestreams.Subscription;

/** Handed to a subscriber that is refused, right before its {@code onError} (rule 1.9). */
enum NoSubscription implements Subscription {
  INSTANCE;

  @Override
  public void request(long n) {}

  @Override
  public void cancel() {}
}
