package io.actormq.broker.topic;

import io.actormq.broker.CborSerializable;

/** The topic registry's answer to a topic command. */
public sealed interface TopicLookup extends CborSerializable {

  /** The topic as it now is (for a delete: as it was). */
  record Found(TopicConfig config) implements TopicLookup {}

  /** The topic does not exist and was not created; {@code reason} is fit for a remark. */
  record NotFound(String topic, String reason) implements TopicLookup {}

  /** The request was refused (bad name, reserved topic, bad queue counts); fit for a remark. */
  record Rejected(String topic, String reason) implements TopicLookup {}
}
