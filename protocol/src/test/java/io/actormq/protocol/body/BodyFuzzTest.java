package io.actormq.protocol.body;

import static org.assertj.core.api.Assertions.fail;

import io.actormq.protocol.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mutated bodies fail with {@link JsonException} only, never with another exception. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BodyFuzzTest {

  private static final String NOISE = "{}[]\":,0123456789-.eEtrufalsn \\u00e9x";

  @Test
  void mutatedBodiesFailCleanly() {
    Random rnd = new Random(0xB0D1E5L);
    MessageQueue q = new MessageQueue("T", "b1", 3);
    List<byte[]> seeds =
        List.of(
            new TopicRouteData(
                    "b1:4",
                    List.of(new QueueData("b1", 4, 4, 6, 0)),
                    List.of(new BrokerData("C", "b1", Map.of(0L, "h:1", 1L, "h:2"))),
                    Map.of("h:1", List.of("f:1")))
                .toJson(),
            new HeartbeatData(
                    "c@1",
                    List.of(new ProducerData("p")),
                    List.of(
                        new ConsumerData(
                            "g",
                            ConsumerData.CONSUME_PASSIVELY,
                            ConsumerData.CLUSTERING,
                            ConsumerData.CONSUME_FROM_LAST_OFFSET,
                            false,
                            List.of(SubscriptionData.ofTags("T", "A || B", 1)))))
                .toJson(),
            new LockBatchRequestBody("g", "c", true, Set.of(q)).toJson(),
            new LockBatchResponseBody(Set.of(q)).toJson(),
            new ConsumerIdList(List.of("a", "b")).toJson(),
            new ClusterInfo(
                    Map.of("b1", new BrokerData("C", "b1", Map.of(0L, "h:1"))),
                    Map.of("C", Set.of("b1")))
                .toJson());
    List<Function<byte[], Object>> parsers =
        List.of(
            TopicRouteData::fromJson,
            HeartbeatData::fromJson,
            LockBatchRequestBody::fromJson,
            UnlockBatchRequestBody::fromJson,
            LockBatchResponseBody::fromJson,
            ConsumerIdList::fromJson,
            ClusterInfo::fromJson);

    for (int round = 0; round < 20_000; round++) {
      byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
      int edits = 1 + rnd.nextInt(4);
      for (int i = 0; i < edits; i++) {
        if (rnd.nextInt(5) == 0) {
          b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
          if (b.length == 0) {
            break;
          }
        } else {
          b[rnd.nextInt(b.length)] = (byte) NOISE.charAt(rnd.nextInt(NOISE.length()));
        }
      }
      for (Function<byte[], Object> parser : parsers) {
        try {
          parser.apply(b);
        } catch (JsonException expected) {
          // the declared failure
        } catch (RuntimeException e) {
          fail("undeclared " + e + " for " + new String(b, StandardCharsets.UTF_8), e);
        }
      }
    }
  }
}
