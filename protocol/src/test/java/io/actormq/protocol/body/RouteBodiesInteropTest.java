package io.actormq.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.actormq.protocol.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.junit.jupiter.api.Test;

/** TopicRouteData and ClusterInfo against the official classes (fastjson 2 and fastjson 1). */
class RouteBodiesInteropTest {

  static org.apache.rocketmq.remoting.protocol.route.TopicRouteData theirRoute() {
    var route = new org.apache.rocketmq.remoting.protocol.route.TopicRouteData();
    List<org.apache.rocketmq.remoting.protocol.route.BrokerData> brokers = new ArrayList<>();
    brokers.add(theirBroker("C1", "b1", Map.of(0L, "10.0.0.5:10911", 1L, "10.0.0.6:10911")));
    brokers.add(theirBroker("C1", "b2", Map.of(2L, "10.0.0.7:10911")));
    route.setBrokerDatas(brokers);
    var q1 = new org.apache.rocketmq.remoting.protocol.route.QueueData();
    q1.setBrokerName("b1");
    q1.setPerm(6);
    q1.setReadQueueNums(4);
    q1.setWriteQueueNums(8);
    var q2 = new org.apache.rocketmq.remoting.protocol.route.QueueData();
    q2.setBrokerName("b2");
    q2.setPerm(4);
    q2.setReadQueueNums(1);
    q2.setWriteQueueNums(1);
    q2.setTopicSysFlag(3);
    route.setQueueDatas(new ArrayList<>(List.of(q1, q2)));
    route.setFilterServerTable(new HashMap<>(Map.of("10.0.0.5:10911", List.of("f1:1", "f2:2"))));
    route.setOrderTopicConf("b1:4;b2:4");
    return route;
  }

  static org.apache.rocketmq.remoting.protocol.route.BrokerData theirBroker(
      String cluster, String name, Map<Long, String> addrs) {
    return new org.apache.rocketmq.remoting.protocol.route.BrokerData(
        cluster, name, new HashMap<>(addrs));
  }

  /** fastjson 2 with the quoted keys the name server sends to 4.9.4+ clients. */
  static byte[] quoted(Object o) {
    return JSON.toJSONBytes(o, JSONWriter.Feature.WriteNonStringKeyAsString);
  }

  @Test
  void theirRouteParsesWithOurs() {
    var theirs = theirRoute();
    byte[] json = quoted(theirs);
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"0\":\"10.0.0.5:10911\"");

    TopicRouteData ours = TopicRouteData.fromJson(json);
    assertThat(ours.orderTopicConf()).isEqualTo("b1:4;b2:4");
    assertThat(ours.brokerDatas())
        .containsExactly(
            new BrokerData("C1", "b1", Map.of(0L, "10.0.0.5:10911", 1L, "10.0.0.6:10911")),
            new BrokerData("C1", "b2", Map.of(2L, "10.0.0.7:10911")));
    assertThat(ours.brokerDatas().get(0).masterAddr()).isEqualTo("10.0.0.5:10911");
    assertThat(ours.brokerDatas().get(1).masterAddr()).isNull();
    assertThat(ours.queueDatas())
        .containsExactly(new QueueData("b1", 4, 8, 6, 0), new QueueData("b2", 1, 1, 4, 3));
    assertThat(ours.filterServerTable())
        .isEqualTo(Map.of("10.0.0.5:10911", List.of("f1:1", "f2:2")));
  }

  @Test
  void ourRouteParsesWithTheirs() {
    TopicRouteData ours = TopicRouteData.fromJson(quoted(theirRoute()));
    byte[] json = ours.toJson();
    assertThat(new String(json, StandardCharsets.UTF_8))
        .contains("\"brokerAddrs\":{\"0\":\"10.0.0.5:10911\",\"1\":\"10.0.0.6:10911\"}");

    var fj2 =
        RemotingSerializable.decode(
            json, org.apache.rocketmq.remoting.protocol.route.TopicRouteData.class);
    assertThat(fj2).isEqualTo(theirRoute());
    var fj1 =
        com.alibaba.fastjson.JSON.parseObject(
            json, org.apache.rocketmq.remoting.protocol.route.TopicRouteData.class);
    assertThat(fj1).isEqualTo(theirRoute());
    assertThat(TopicRouteData.fromJson(json)).isEqualTo(ours);
  }

  @Test
  void minimalRouteAlwaysCarriesTheRequiredMembers() {
    TopicRouteData ours =
        new TopicRouteData(
            List.of(new QueueData("b1", 4, 4, Permission.READ_WRITE, 0)),
            List.of(new BrokerData("C1", "b1", Map.of(0L, "127.0.0.1:9876"))));
    String json = new String(ours.toJson(), StandardCharsets.UTF_8);
    assertThat(json).contains("\"filterServerTable\":{}").doesNotContain("orderTopicConf");
    var theirs =
        RemotingSerializable.decode(
            ours.toJson(), org.apache.rocketmq.remoting.protocol.route.TopicRouteData.class);
    assertThat(theirs.getFilterServerTable()).isEmpty();
    assertThat(theirs.getBrokerDatas().get(0).selectBrokerAddr()).isEqualTo("127.0.0.1:9876");
    assertThat(theirs.getQueueDatas().get(0).getPerm()).isEqualTo(6);

    // The reference document's example, byte for byte as a client would receive it.
    String doc =
        "{\"brokerDatas\":[{\"brokerAddrs\":{\"0\":\"10.0.0.5:10911\"},\"brokerName\":\"b1\","
            + "\"cluster\":\"C1\"}],\"filterServerTable\":{},\"queueDatas\":[{\"brokerName\":"
            + "\"b1\",\"perm\":6,\"readQueueNums\":4,\"writeQueueNums\":4,\"topicSysFlag\":0}]}";
    TopicRouteData parsed = TopicRouteData.fromJson(doc.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.brokerDatas().get(0).masterAddr()).isEqualTo("10.0.0.5:10911");
    assertThat(parsed.queueDatas().get(0).writeQueueNums()).isEqualTo(4);
  }

  @Test
  void fastjsonUnquotedIdsAreRefusedClearly() {
    byte[] unquoted = theirRoute().encode(); // {0:"..."}: not JSON
    assertThatThrownBy(() -> TopicRouteData.fromJson(unquoted)).isInstanceOf(JsonException.class);
    byte[] badId =
        "{\"brokerDatas\":[{\"brokerAddrs\":{\"x\":\"a:1\"}}]}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> TopicRouteData.fromJson(badId))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("broker id");
  }

  @Test
  void clusterInfoBothWays() {
    var theirs = new org.apache.rocketmq.remoting.protocol.body.ClusterInfo();
    var b1 = theirBroker("C1", "b1", Map.of(0L, "10.0.0.5:10911"));
    var b2 = theirBroker("C2", "b2", Map.of(0L, "10.0.0.7:10911", 1L, "10.0.0.8:10911"));
    theirs.setBrokerAddrTable(new HashMap<>(Map.of("b1", b1, "b2", b2)));
    theirs.setClusterAddrTable(
        new HashMap<>(
            Map.of("C1", new HashSet<>(Set.of("b1")), "C2", new HashSet<>(Set.of("b2", "b3")))));

    ClusterInfo ours = ClusterInfo.fromJson(quoted(theirs));
    assertThat(ours.brokerAddrTable().get("b2"))
        .isEqualTo(new BrokerData("C2", "b2", Map.of(0L, "10.0.0.7:10911", 1L, "10.0.0.8:10911")));
    assertThat(ours.clusterAddrTable())
        .isEqualTo(Map.of("C1", Set.of("b1"), "C2", Set.of("b2", "b3")));

    for (var back :
        List.of(
            RemotingSerializable.decode(
                ours.toJson(), org.apache.rocketmq.remoting.protocol.body.ClusterInfo.class),
            com.alibaba.fastjson.JSON.parseObject(
                ours.toJson(), org.apache.rocketmq.remoting.protocol.body.ClusterInfo.class))) {
      assertThat(back.getBrokerAddrTable()).isEqualTo(theirs.getBrokerAddrTable());
      assertThat(back.getClusterAddrTable()).isEqualTo(theirs.getClusterAddrTable());
    }
  }
}
