package io.actormq.loadgen;

import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.exception.RemotingException;

/**
 * Closed-loop senders: sync, oneway and batch. Each thread sends, waits for the client call to
 * return, records the time it took, and sends again.
 */
final class SendWorkload extends SenderThreads {

  private static final long JOIN_MILLIS = 30_000;

  SendWorkload(Options options, String topic, Meter meter) {
    super(options, topic, meter, "loadgen-sender");
  }

  @Override
  protected void sendLoop() {
    int batch = options.mode() == Mode.BATCH ? options.batch() : 1;
    // Messages are rebuilt per send: the client writes its properties (unique key) into them.
    List<Message> messages = new ArrayList<>(batch);
    // Oneway has no acknowledgement to wait for; without a rate it floods the connection.
    Pacer pacer =
        new Pacer(options.mode() == Mode.ONEWAY ? options.rate() / (double) options.threads() : 0);
    while (running) {
      pacer.awaitNext();
      long started = System.nanoTime();
      try {
        switch (options.mode()) {
          case ONEWAY -> {
            producer.sendOneway(new Message(topic, body));
            meter.success(1, System.nanoTime() - started);
          }
          case BATCH -> {
            messages.clear();
            for (int i = 0; i < batch; i++) {
              messages.add(new Message(topic, body));
            }
            record(producer.send(messages), batch, started);
          }
          default -> record(producer.send(new Message(topic, body)), 1, started);
        }
      } catch (MQClientException | RemotingException | MQBrokerException | RuntimeException e) {
        // The client throws unchecked exceptions too (a route lookup that timed out).
        meter.error(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void record(SendResult result, int count, long started) {
    if (result.getSendStatus() == SendStatus.SEND_OK) {
      meter.success(count, System.nanoTime() - started);
    } else {
      meter.error("SendStatus " + result.getSendStatus());
    }
  }

  @Override
  public void close() {
    try {
      stopSenders(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shutdownProducer();
  }
}
