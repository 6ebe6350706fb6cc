package io.actormq.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicTableTest {

  @Test
  void everyQueueGetsANumberOfItsOwnThatIsNeverReused() {
    TopicTable table = TopicTable.EMPTY.with(TopicConfig.of("A", 2)).with(TopicConfig.of("B", 3));
    assertThat(table.queueNumber("A", 0)).isEqualTo(0);
    assertThat(table.queueNumber("A", 1)).isEqualTo(1);
    assertThat(table.queueNumber("B", 2)).isEqualTo(4);
    assertThat(table.queueNumber("B", 3)).isEqualTo(-1);
    assertThat(table.queueNumber("C", 0)).isEqualTo(-1);

    TopicTable grown = table.with(TopicConfig.of("A", 4));
    assertThat(grown.queueNumber("A", 1)).isEqualTo(1);
    assertThat(grown.queueNumber("A", 2)).isEqualTo(5);
    assertThat(grown.queueNumber("A", 3)).isEqualTo(6);

    TopicTable recreated = grown.without("B").with(TopicConfig.of("B", 1));
    assertThat(recreated.queueNumber("B", 0)).isEqualTo(7);
  }

  @Test
  void theViewFindsAQueueByItsNumber() {
    TopicView view = new TopicView();
    view.publish(TopicTable.EMPTY.with(TopicConfig.of("A", 2)).with(TopicConfig.of("B", 1)));
    assertThat(view.queueOfNumber(2)).isEqualTo(new TopicView.QueueRef("B", 0));
    assertThat(view.queueOfNumber(1)).isEqualTo(new TopicView.QueueRef("A", 1));
    assertThat(view.queueOfNumber(9)).isNull();
  }
}
