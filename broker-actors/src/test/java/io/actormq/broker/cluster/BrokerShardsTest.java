package io.actormq.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actormq.broker.queue.QueueActor;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerShardsTest {

  private final BrokerShards<Object> shards = new BrokerShards<>(16);

  @Test
  void aQueueIdNamesItsBrokerTopicAndQueue() {
    String id = QueueActor.entityId("broker-a", "%RETRY%group@x", 3);
    assertThat(BrokerShards.brokerOfEntity(id)).isEqualTo("broker-a");
    assertThat(QueueActor.topicOf(id)).isEqualTo("%RETRY%group@x");
    assertThat(QueueActor.queueIdOf(id)).isEqualTo(3);
  }

  @Test
  void everyShardOfABrokerNamesThatBrokerAndOnlyIt() {
    Set<String> seen = new HashSet<>();
    for (int q = 0; q < 200; q++) {
      String a = shards.shardId(QueueActor.entityId("broker-a", "T", q));
      String b = shards.shardId(QueueActor.entityId("broker-b", "T", q));
      assertThat(BrokerShards.brokerOfShard(a)).isEqualTo("broker-a");
      assertThat(BrokerShards.brokerOfShard(b)).isEqualTo("broker-b");
      seen.add(a);
    }
    // The queues of one broker spread over its shards, so hand-over is not all or nothing.
    assertThat(seen).hasSize(16);
  }

  @Test
  void idsWithoutABrokerAreRefused() {
    assertThatThrownBy(() -> shards.shardId("T@1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BrokerShards.brokerOfShard("3"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
