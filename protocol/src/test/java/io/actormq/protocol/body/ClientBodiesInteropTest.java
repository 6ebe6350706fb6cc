package io.actormq.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actormq.protocol.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.filter.FilterAPI;
import org.apache.rocketmq.remoting.protocol.header.GetConsumerListByGroupResponseBody;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.Test;

/** Heartbeat, consumer list, lock/unlock and reset-offset bodies against the official classes. */
class ClientBodiesInteropTest {

  private static org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData theirHeartbeat()
      throws Exception {
    var h = new org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData();
    h.setClientID("10.0.0.1@4242#93847");
    var p = new org.apache.rocketmq.remoting.protocol.heartbeat.ProducerData();
    p.setGroupName("CLIENT_INNER_PRODUCER");
    h.getProducerDataSet().add(p);
    var c = new org.apache.rocketmq.remoting.protocol.heartbeat.ConsumerData();
    c.setGroupName("cg");
    c.setConsumeType(ConsumeType.CONSUME_PASSIVELY);
    c.setMessageModel(MessageModel.CLUSTERING);
    c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
    c.setUnitMode(true);
    var s = FilterAPI.buildSubscriptionData("T", "TagA || TagB || 標籤");
    s.setSubVersion(1_700_000_000_000L);
    c.getSubscriptionDataSet().add(s);
    var retry = FilterAPI.buildSubscriptionData("%RETRY%cg", "*");
    retry.setSubVersion(1_700_000_000_001L);
    c.getSubscriptionDataSet().add(retry);
    h.getConsumerDataSet().add(c);
    h.setHeartbeatFingerprint(-12345);
    h.setWithoutSub(true);
    return h;
  }

  @Test
  void heartbeatBothWays() throws Exception {
    var theirs = theirHeartbeat();
    HeartbeatData ours = HeartbeatData.fromJson(theirs.encode());
    assertThat(ours.clientID()).isEqualTo("10.0.0.1@4242#93847");
    assertThat(ours.producerDataSet()).containsExactly(new ProducerData("CLIENT_INNER_PRODUCER"));
    assertThat(ours.heartbeatFingerprint()).isEqualTo(-12345);
    assertThat(ours.withoutSub()).isTrue();
    ConsumerData c = ours.consumerDataSet().get(0);
    assertThat(c.groupName()).isEqualTo("cg");
    assertThat(c.consumeType()).isEqualTo(ConsumerData.CONSUME_PASSIVELY);
    assertThat(c.messageModel()).isEqualTo(ConsumerData.CLUSTERING);
    assertThat(c.isBroadcasting()).isFalse();
    assertThat(c.consumeFromWhere()).isEqualTo(ConsumerData.CONSUME_FROM_LAST_OFFSET);
    assertThat(c.unitMode()).isTrue();
    assertThat(c.subscriptionDataSet())
        .containsExactlyInAnyOrder(
            SubscriptionData.ofTags("T", "TagA || TagB || 標籤", 1_700_000_000_000L),
            SubscriptionData.ofTags("%RETRY%cg", "*", 1_700_000_000_001L));

    var back =
        RemotingSerializable.decode(
            ours.toJson(), org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData.class);
    assertThat(back.getClientID()).isEqualTo(theirs.getClientID());
    assertThat(back.getHeartbeatFingerprint()).isEqualTo(-12345);
    assertThat(back.isWithoutSub()).isTrue();
    assertThat(back.getProducerDataSet().toString())
        .isEqualTo(theirs.getProducerDataSet().toString());
    var bc = back.getConsumerDataSet().iterator().next();
    var tc = theirs.getConsumerDataSet().iterator().next();
    assertThat(bc.toString()).isEqualTo(tc.toString());
    assertThat(bc.getSubscriptionDataSet()).isEqualTo(tc.getSubscriptionDataSet());
    assertThat(HeartbeatData.fromJson(ours.toJson())).isEqualTo(ours);
  }

  @Test
  void heartbeatOf49xClientHasOnlyThreeKeys() {
    String json =
        "{\"clientID\":\"10.0.0.1@1\",\"consumerDataSet\":[{\"consumeFromWhere\":"
            + "\"CONSUME_FROM_FIRST_OFFSET\",\"consumeType\":\"CONSUME_ACTIVELY\",\"groupName\":\"g\","
            + "\"messageModel\":\"BROADCASTING\",\"subscriptionDataSet\":[{\"classFilterMode\":false,"
            + "\"codeSet\":[],\"expressionType\":\"TAG\",\"subString\":\"*\",\"subVersion\":1,"
            + "\"tagsSet\":[],\"topic\":\"T\"}],\"unitMode\":false}],\"producerDataSet\":[]}";
    HeartbeatData ours = HeartbeatData.fromJson(json.getBytes(StandardCharsets.UTF_8));
    assertThat(ours.heartbeatFingerprint()).isZero();
    assertThat(ours.withoutSub()).isFalse();
    assertThat(ours.producerDataSet()).isEmpty();
    assertThat(ours.consumerDataSet().get(0).isBroadcasting()).isTrue();
    assertThat(ours.consumerDataSet().get(0).subscriptionDataSet().get(0).subString())
        .isEqualTo("*");

    org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData fj1 =
        com.alibaba.fastjson.JSON.parseObject(
            ours.toJson(), org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData.class);
    assertThat(fj1.getConsumerDataSet().iterator().next().getMessageModel())
        .isEqualTo(MessageModel.BROADCASTING);

    assertThatThrownBy(
            () ->
                HeartbeatData.fromJson("{\"producerDataSet\":[]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("clientID");
    assertThatThrownBy(
            () ->
                HeartbeatData.fromJson(
                    "{\"clientID\":\"c\",\"consumerDataSet\":{}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("consumerDataSet");
  }

  @Test
  void consumerIdListBothWays() {
    var theirs = new GetConsumerListByGroupResponseBody();
    theirs.setConsumerIdList(List.of("10.0.0.1@1", "10.0.0.2@2"));
    ConsumerIdList ours = ConsumerIdList.fromJson(theirs.encode());
    assertThat(ours.consumerIdList()).containsExactly("10.0.0.1@1", "10.0.0.2@2");
    assertThat(
            RemotingSerializable.decode(ours.toJson(), GetConsumerListByGroupResponseBody.class)
                .getConsumerIdList())
        .isEqualTo(theirs.getConsumerIdList());
    assertThat(new String(new ConsumerIdList(List.of()).toJson(), StandardCharsets.UTF_8))
        .isEqualTo("{\"consumerIdList\":[]}");
  }

  @Test
  void lockAndUnlockBothWays() {
    var mq1 = new org.apache.rocketmq.common.message.MessageQueue("T", "b1", 0);
    var mq2 = new org.apache.rocketmq.common.message.MessageQueue("T", "b1", 3);
    var lock = new org.apache.rocketmq.remoting.protocol.body.LockBatchRequestBody();
    lock.setConsumerGroup("g");
    lock.setClientId("10.0.0.1@1");
    lock.setOnlyThisBroker(true);
    lock.getMqSet().addAll(Set.of(mq1, mq2));
    LockBatchRequestBody ours = LockBatchRequestBody.fromJson(lock.encode());
    assertThat(ours)
        .isEqualTo(
            new LockBatchRequestBody(
                "g",
                "10.0.0.1@1",
                true,
                Set.of(new MessageQueue("T", "b1", 0), new MessageQueue("T", "b1", 3))));
    var lockBack =
        RemotingSerializable.decode(
            ours.toJson(), org.apache.rocketmq.remoting.protocol.body.LockBatchRequestBody.class);
    assertThat(lockBack.getMqSet()).isEqualTo(lock.getMqSet());
    assertThat(lockBack.isOnlyThisBroker()).isTrue();
    assertThat(lockBack.getClientId()).isEqualTo("10.0.0.1@1");

    var unlock = new org.apache.rocketmq.remoting.protocol.body.UnlockBatchRequestBody();
    unlock.setConsumerGroup("g");
    unlock.setClientId("c");
    unlock.getMqSet().add(mq2);
    UnlockBatchRequestBody ourUnlock = UnlockBatchRequestBody.fromJson(unlock.encode());
    assertThat(ourUnlock.mqSet()).containsExactly(new MessageQueue("T", "b1", 3));
    assertThat(ourUnlock.onlyThisBroker()).isFalse();
    var unlockBack =
        RemotingSerializable.decode(
            ourUnlock.toJson(),
            org.apache.rocketmq.remoting.protocol.body.UnlockBatchRequestBody.class);
    assertThat(unlockBack.getMqSet()).isEqualTo(unlock.getMqSet());
    assertThat(unlockBack.getConsumerGroup()).isEqualTo("g");

    var resp = new org.apache.rocketmq.remoting.protocol.body.LockBatchResponseBody();
    resp.getLockOKMQSet().add(mq1);
    LockBatchResponseBody ourResp = LockBatchResponseBody.fromJson(resp.encode());
    assertThat(ourResp.lockOKMQSet()).containsExactly(new MessageQueue("T", "b1", 0));
    assertThat(
            RemotingSerializable.decode(
                    ourResp.toJson(),
                    org.apache.rocketmq.remoting.protocol.body.LockBatchResponseBody.class)
                .getLockOKMQSet())
        .isEqualTo(resp.getLockOKMQSet());

    assertThatThrownBy(
            () ->
                LockBatchRequestBody.fromJson(
                    "{\"clientId\":\"c\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("consumerGroup");
  }

  @Test
  void resetOffsetBodyIsReadByBothFastjsons() {
    ResetOffsetBody ours =
        new ResetOffsetBody(
            Map.of(new MessageQueue("T", "b\"1", 1), 5L, new MessageQueue("T", "b2", 0), -1L));
    var expected = new HashMap<org.apache.rocketmq.common.message.MessageQueue, Long>();
    expected.put(new org.apache.rocketmq.common.message.MessageQueue("T", "b\"1", 1), 5L);
    expected.put(new org.apache.rocketmq.common.message.MessageQueue("T", "b2", 0), -1L);
    assertThat(
            RemotingSerializable.decode(
                    ours.toJson(), org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody.class)
                .getOffsetTable())
        .isEqualTo(expected);
    org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody fj1 =
        com.alibaba.fastjson.JSON.parseObject(
            ours.toJson(), org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody.class);
    assertThat(fj1.getOffsetTable()).isEqualTo(expected);
    assertThat(new String(new ResetOffsetBody(Map.of()).toJson(), StandardCharsets.UTF_8))
        .isEqualTo("{\"offsetTable\":{}}");
  }
}
