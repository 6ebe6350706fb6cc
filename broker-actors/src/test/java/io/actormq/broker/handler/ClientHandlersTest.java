package io.actormq.broker.handler;

import static io.actormq.broker.handler.NameServerHandlersTest.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.broker.group.ConnectionBinding;
import io.actormq.broker.group.ConsumerGroups;
import io.actormq.broker.group.FakeConnection;
import io.actormq.broker.group.GroupsView;
import io.actormq.broker.remoting.ClientConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.broker.topic.MetadataTestConfig;
import io.actormq.protocol.body.ConsumerData;
import io.actormq.protocol.body.ConsumerIdList;
import io.actormq.protocol.body.HeartbeatData;
import io.actormq.protocol.body.ProducerData;
import io.actormq.protocol.body.SubscriptionData;
import io.actormq.protocol.header.GetConsumerListByGroupRequestHeader;
import io.actormq.protocol.header.UnregisterClientRequestHeader;
import io.actormq.protocol.remoting.CommandHeader;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.remoting.protocol.body.CheckClientRequestBody;
import org.apache.rocketmq.remoting.protocol.filter.FilterAPI;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ClientHandlersTest {

  private static final ActorTestKit kit =
      ActorTestKit.create("ClientHandlersTest", MetadataTestConfig.local());

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** What the handler told the connection registry, by connection id. */
  private final Map<Long, String> bound = new ConcurrentHashMap<>();

  private final ConnectionBinding binding =
      new ConnectionBinding() {
        @Override
        public void bind(
            ClientConnection c, String clientId, Set<String> producers, Set<String> consumers) {
          bound.put(c.id(), clientId + " p=" + producers + " c=" + consumers);
        }

        @Override
        public void unbind(String clientId, String producerGroup, String consumerGroup) {
          bound.put(-1L, clientId + " left p=" + producerGroup + " c=" + consumerGroup);
        }
      };

  private final GroupsView view = new GroupsView();
  private final Map<Integer, RequestHandler> handlers =
      new ClientHandlers(
              kit.spawn(
                  ConsumerGroups.create(
                      new ConsumerGroups.Settings(Duration.ofSeconds(120), Duration.ofSeconds(10)),
                      view)),
              view,
              binding,
              kit.system(),
              Duration.ofSeconds(5))
          .handlers();

  private RemotingCommand call(
      FakeConnection connection, int code, CommandHeader header, byte[] body) throws Exception {
    return NameServerHandlersTest.call(handlers, connection, code, header, body);
  }

  private List<String> consumerList(FakeConnection connection, String group) throws Exception {
    RemotingCommand response =
        call(
            connection,
            RequestCode.GET_CONSUMER_LIST_BY_GROUP,
            new GetConsumerListByGroupRequestHeader(group),
            null);
    assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
    return ConsumerIdList.fromJson(body(response)).consumerIdList();
  }

  private static byte[] heartbeat(String clientId, String group, int fingerprint) {
    return new HeartbeatData(
            clientId,
            List.of(new ProducerData("CLIENT_INNER_PRODUCER")),
            List.of(
                new ConsumerData(
                    group,
                    ConsumerData.CONSUME_PASSIVELY,
                    ConsumerData.CLUSTERING,
                    ConsumerData.CONSUME_FROM_FIRST_OFFSET,
                    false,
                    List.of(SubscriptionData.ofTags("T", "TagA", 1)))),
            fingerprint,
            false)
        .toJson();
  }

  @Test
  void heartbeatRegistersBeforeReplyingSoTheConsumerListHasTheCaller() throws Exception {
    FakeConnection a = new FakeConnection(kit, 1);
    FakeConnection b = new FakeConnection(kit, 2);
    RemotingCommand reply = call(b, RequestCode.HEART_BEAT, null, heartbeat("10.0.0.2@9", "cg", 0));
    assertThat(reply.code()).isEqualTo(ResponseCode.SUCCESS);
    assertThat(reply.version()).isGreaterThanOrEqualTo(232);
    assertThat(reply.extFields()).isEmpty();
    assertThat(consumerList(b, "cg")).containsExactly("10.0.0.2@9");

    call(a, RequestCode.HEART_BEAT, null, heartbeat("10.0.0.1@7", "cg", 0));
    assertThat(consumerList(a, "cg")).containsExactly("10.0.0.1@7", "10.0.0.2@9");
    assertThat(consumerList(b, "cg")).containsExactly("10.0.0.1@7", "10.0.0.2@9");
    assertThat(bound)
        .containsEntry(1L, "10.0.0.1@7 p=[CLIENT_INNER_PRODUCER] c=[cg]")
        .containsEntry(2L, "10.0.0.2@9 p=[CLIENT_INNER_PRODUCER] c=[cg]");
    assertThat(view.subscription("cg", "T").tagsSet()).containsExactly("TagA");
  }

  @Test
  void heartbeatV2IsAnsweredWithTheV2Fields() throws Exception {
    FakeConnection a = new FakeConnection(kit, 3);
    RemotingCommand reply = call(a, RequestCode.HEART_BEAT, null, heartbeat("v2", "cg2", 12345));
    assertThat(reply.code()).isEqualTo(ResponseCode.SUCCESS);
    assertThat(reply.extFields())
        .containsEntry("IS_SUPPORT_HEART_BEAT_V2", "true")
        .containsEntry("IS_SUB_CHANGE", "true");
  }

  @Test
  void theOfficialClientsHeartbeatBodyIsUnderstood() throws Exception {
    var hb = new org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData();
    hb.setClientID("192.168.0.9@4242#93847");
    var consumer = new org.apache.rocketmq.remoting.protocol.heartbeat.ConsumerData();
    consumer.setGroupName("official");
    consumer.setConsumeType(ConsumeType.CONSUME_PASSIVELY);
    consumer.setMessageModel(MessageModel.BROADCASTING);
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_TIMESTAMP);
    consumer.getSubscriptionDataSet().add(FilterAPI.buildSubscriptionData("T", "TagA || TagB"));
    hb.getConsumerDataSet().add(consumer);
    FakeConnection c = new FakeConnection(kit, 4);

    assertThat(call(c, RequestCode.HEART_BEAT, null, hb.encode()).code())
        .isEqualTo(ResponseCode.SUCCESS);
    assertThat(consumerList(c, "official")).containsExactly("192.168.0.9@4242#93847");
    assertThat(view.consumerGroup("official").isBroadcasting()).isTrue();
    assertThat(view.consumerGroup("official").consumeFromWhere())
        .isEqualTo("CONSUME_FROM_TIMESTAMP");
    assertThat(view.subscription("official", "T").codeSet())
        .containsExactlyInAnyOrder("TagA".hashCode(), "TagB".hashCode());
  }

  @Test
  void unregisterEmptiesTheGroupAndTheListBecomesAnError() throws Exception {
    FakeConnection a = new FakeConnection(kit, 5);
    call(a, RequestCode.HEART_BEAT, null, heartbeat("leaving", "cg3", 0));
    RemotingCommand reply =
        call(
            a,
            RequestCode.UNREGISTER_CLIENT,
            new UnregisterClientRequestHeader("leaving", null, "cg3"),
            null);
    assertThat(reply.code()).isEqualTo(ResponseCode.SUCCESS);
    assertThat(bound).containsEntry(-1L, "leaving left p=null c=cg3");
    RemotingCommand list =
        call(
            a,
            RequestCode.GET_CONSUMER_LIST_BY_GROUP,
            new GetConsumerListByGroupRequestHeader("cg3"),
            null);
    assertThat(list.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
    assertThat(list.remark()).isEqualTo("no consumer for this group, cg3");
  }

  @Test
  void badRequestsAreInvalidParameter() throws Exception {
    FakeConnection a = new FakeConnection(kit, 6);
    RemotingCommand noBody = call(a, RequestCode.HEART_BEAT, null, null);
    assertThat(noBody.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    RemotingCommand notJson =
        call(a, RequestCode.HEART_BEAT, null, "{oops".getBytes(StandardCharsets.UTF_8));
    assertThat(notJson.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    assertThat(notJson.remark()).startsWith("bad heartbeat body");
    RemotingCommand noClientId =
        call(
            a,
            RequestCode.HEART_BEAT,
            null,
            "{\"consumerDataSet\":[]}".getBytes(StandardCharsets.UTF_8));
    assertThat(noClientId.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    RemotingCommand noGroup = call(a, RequestCode.GET_CONSUMER_LIST_BY_GROUP, null, null);
    assertThat(noGroup.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    assertThat(noGroup.remark()).contains("consumerGroup");
  }

  @Test
  void checkClientConfigAcceptsTagsAndRefusesSql92() throws Exception {
    FakeConnection a = new FakeConnection(kit, 7);
    CheckClientRequestBody sql = new CheckClientRequestBody();
    sql.setClientId("c");
    sql.setGroup("g");
    sql.setSubscriptionData(FilterAPI.build("T", "a > 5", "SQL92"));
    RemotingCommand refused = call(a, RequestCode.CHECK_CLIENT_CONFIG, null, sql.encode());
    assertThat(refused.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
    assertThat(refused.remark()).contains("SQL92");

    CheckClientRequestBody tag = new CheckClientRequestBody();
    tag.setClientId("c");
    tag.setGroup("g");
    tag.setSubscriptionData(FilterAPI.buildSubscriptionData("T", "TagA"));
    assertThat(call(a, RequestCode.CHECK_CLIENT_CONFIG, null, tag.encode()).code())
        .isEqualTo(ResponseCode.SUCCESS);
  }
}
