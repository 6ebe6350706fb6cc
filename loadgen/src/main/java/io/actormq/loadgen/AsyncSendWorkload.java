package io.actormq.loadgen;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.exception.RemotingException;

/**
 * Asynchronous sends with at most {@code --inflight} unacknowledged: a permit is taken before each
 * send and given back by its callback. The latency is send call to callback.
 */
final class AsyncSendWorkload extends SenderThreads {

  private static final long DRAIN_SECONDS = 30;

  private final Semaphore window;

  AsyncSendWorkload(Options options, String topic, Meter meter) {
    super(options, topic, meter, "loadgen-async");
    this.window = new Semaphore(options.inflight());
  }

  @Override
  protected void sendLoop() {
    try {
      while (running) {
        window.acquire();
        long started = System.nanoTime();
        try {
          producer.send(new Message(topic, body), new Callback(started));
        } catch (MQClientException | RemotingException | RuntimeException e) {
          window.release();
          meter.error(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    try {
      stopSenders(TimeUnit.SECONDS.toMillis(DRAIN_SECONDS));
      // Let the sends in flight finish before the client goes away under them.
      if (window.tryAcquire(options.inflight(), DRAIN_SECONDS, TimeUnit.SECONDS)) {
        window.release(options.inflight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shutdownProducer();
  }

  private final class Callback implements SendCallback {
    private final long started;

    Callback(long started) {
      this.started = started;
    }

    @Override
    public void onSuccess(SendResult result) {
      window.release();
      if (result.getSendStatus() == SendStatus.SEND_OK) {
        meter.success(1, System.nanoTime() - started);
      } else {
        meter.error("SendStatus " + result.getSendStatus());
      }
    }

    @Override
    public void onException(Throwable e) {
      window.release();
      meter.error(e);
    }
  }
}
