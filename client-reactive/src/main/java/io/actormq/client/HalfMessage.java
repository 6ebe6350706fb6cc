package io.actormq.client;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A half (prepared) transactional message as a node presents it in a check-back.
 *
 * @param topic the real topic
 * @param msgId the {@code UNIQ_KEY}
 * @param transactionId the transaction id the node tracks
 * @param body the payload
 * @param properties all properties
 */
public record HalfMessage(
    String topic, String msgId, String transactionId, byte[] body, Map<String, String> properties) {

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
