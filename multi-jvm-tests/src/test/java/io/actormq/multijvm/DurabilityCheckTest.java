package io.actormq.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.multijvm.ConsumedMessages.Delivery;
import io.actormq.multijvm.SequencedProducer.Ack;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdicts of the multi-JVM tests, on hand-made histories. */
class DurabilityCheckTest {

  private static final QueueRef Q0 = new QueueRef("actormq-a", 0);
  private static final QueueRef Q1 = new QueueRef("actormq-a", 1);

  @Test
  void allDeliveredInPlaceWithUnacknowledgedAndDuplicatesIsFine() {
    List<Ack> acks = List.of(new Ack(1, Q0, 0), new Ack(2, Q1, 0), new Ack(4, Q0, 2));
    List<Delivery> deliveries =
        List.of(
            new Delivery(2, Q1, 0),
            new Delivery(1, Q0, 0),
            new Delivery(3, Q0, 1), // sent, never acknowledged, stored anyway
            new Delivery(4, Q0, 2),
            new Delivery(1, Q0, 0), // redelivered
            new Delivery(4, Q1, 1)); // a client-side retry's second copy

    assertThat(DurabilityCheck.problems(acks, deliveries)).isEmpty();
  }

  @Test
  void aLostAcknowledgedMessageIsReported() {
    List<Ack> acks = List.of(new Ack(1, Q0, 0), new Ack(2, Q0, 1));

    assertThat(DurabilityCheck.problems(acks, List.of(new Delivery(1, Q0, 0))))
        .singleElement()
        .asString()
        .contains("1 acknowledged but never consumed", "seq 2");
  }

  @Test
  void anAcknowledgedMessageFoundOnlyElsewhereIsReported() {
    List<Ack> acks = List.of(new Ack(1, Q0, 0), new Ack(2, Q0, 1));
    List<Delivery> deliveries = List.of(new Delivery(1, Q0, 0), new Delivery(2, Q1, 5));

    assertThat(DurabilityCheck.problems(acks, deliveries))
        .singleElement()
        .asString()
        .contains("consumed elsewhere", "seq 2 acknowledged at actormq-a#0@1", "nothing");
  }

  @Test
  void acknowledgementsOutOfSendOrderInAQueueAreReported() {
    List<Ack> acks = List.of(new Ack(1, Q0, 1), new Ack(2, Q0, 0));
    List<Delivery> deliveries = List.of(new Delivery(2, Q0, 0), new Delivery(1, Q0, 1));

    assertThat(DurabilityCheck.problems(acks, deliveries))
        .singleElement()
        .asString()
        .contains("out of send order", "actormq-a#0@1: seq 1 after seq 2");
  }
}
