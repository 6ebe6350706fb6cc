package io.actormq.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.broker.cluster.ClusterView;
import io.actormq.broker.group.FakeConnection;
import io.actormq.broker.remoting.RequestHandler;
import io.actormq.broker.topic.MetadataTestConfig;
import io.actormq.broker.topic.TopicLookup;
import io.actormq.broker.topic.TopicRegistry;
import io.actormq.broker.topic.TopicView;
import io.actormq.protocol.body.BrokerData;
import io.actormq.protocol.body.ClusterInfo;
import io.actormq.protocol.body.QueueData;
import io.actormq.protocol.body.TopicRouteData;
import io.actormq.protocol.header.CreateTopicRequestHeader;
import io.actormq.protocol.header.GetRouteInfoRequestHeader;
import io.actormq.protocol.json.JsonReader;
import io.actormq.protocol.json.JsonTree;
import io.actormq.protocol.remoting.CommandHeader;
import io.actormq.protocol.remoting.RemotingCommand;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameServerHandlersTest {

  static final String ADDRESS = "127.0.0.1:10911";

  @TempDir static Path dir;

  private static ActorTestKit kit;
  private static final AtomicInteger ids = new AtomicInteger();
  private static final AtomicInteger opaques = new AtomicInteger();

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("NameServerHandlersTest", MetadataTestConfig.withJournalIn(dir));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static NameServerHandlers handlers(boolean autoCreate) {
    TopicView view = new TopicView();
    var registry =
        kit.spawn(
            TopicRegistry.create(
                new TopicRegistry.Settings(autoCreate, 8, 100),
                view,
                PersistenceId.ofUniqueId("ns-topics-" + ids.incrementAndGet())));
    return new NameServerHandlers(
        registry,
        view,
        new ClusterView("actormq-a"),
        "DefaultCluster",
        "actormq-a",
        () -> ADDRESS,
        kit.system(),
        Duration.ofSeconds(5));
  }

  private final NameServerHandlers handlers = handlers(true);
  private final FakeConnection connection = new FakeConnection(kit, 1);

  static RemotingCommand call(
      Map<Integer, RequestHandler> handlers,
      FakeConnection connection,
      int code,
      CommandHeader header,
      byte[] body)
      throws Exception {
    RemotingCommand request =
        RemotingCommand.request(
            code, opaques.incrementAndGet(), header, body == null ? null : ByteBuffer.wrap(body));
    RemotingCommand response =
        handlers
            .get(code)
            .handle(request, connection)
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    assertThat(response.opaque()).isEqualTo(request.opaque());
    assertThat(response.isResponse()).isTrue();
    return response;
  }

  private RemotingCommand call(int code, CommandHeader header) throws Exception {
    return call(handlers.handlers(), connection, code, header, null);
  }

  static byte[] body(RemotingCommand response) {
    ByteBuffer b = response.body();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return bytes;
  }

  private RemotingCommand route(String topic) throws Exception {
    return call(RequestCode.GET_ROUTEINFO_BY_TOPIC, new GetRouteInfoRequestHeader(topic, true));
  }

  @Test
  void routeLookupAutoCreatesAndNamesThisNodeAsMaster() throws Exception {
    RemotingCommand response = route("NewTopic");
    assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
    TopicRouteData route = TopicRouteData.fromJson(body(response));
    assertThat(route.brokerDatas())
        .containsExactly(
            new BrokerData("DefaultCluster", "actormq-a", Map.of(BrokerData.MASTER_ID, ADDRESS)));
    assertThat(route.queueDatas()).containsExactly(new QueueData("actormq-a", 8, 8, 6, 0));
    assertThat(route.orderTopicConf()).isNull();

    // The official client's own classes read it too (fastjson2, as the 5.x client does).
    var theirs =
        RemotingSerializable.decode(
            body(response), org.apache.rocketmq.remoting.protocol.route.TopicRouteData.class);
    assertThat(theirs.getBrokerDatas().get(0).getBrokerAddrs()).containsEntry(0L, ADDRESS);
    assertThat(theirs.getQueueDatas().get(0).getWriteQueueNums()).isEqualTo(8);
    assertThat(theirs.getQueueDatas().get(0).getPerm()).isEqualTo(6);
    assertThat(theirs.getFilterServerTable()).isEmpty();
  }

  @Test
  void retryTopicsAndTbw102() throws Exception {
    QueueData retry = TopicRouteData.fromJson(body(route("%RETRY%cg"))).queueDatas().get(0);
    assertThat(retry).isEqualTo(new QueueData("actormq-a", 1, 1, 6, 0));
    QueueData tbw = TopicRouteData.fromJson(body(route("TBW102"))).queueDatas().get(0);
    assertThat(tbw.perm()).isEqualTo(7);
  }

  @Test
  void missingTopicWithAutoCreateOffIsTopicNotExist() throws Exception {
    NameServerHandlers strict = handlers(false);
    RemotingCommand response =
        call(
            strict.handlers(),
            connection,
            RequestCode.GET_ROUTEINFO_BY_TOPIC,
            new GetRouteInfoRequestHeader("Unknown", null),
            null);
    assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    assertThat(response.remark()).contains("Unknown").contains("auto-creation is off");
    assertThat(response.hasBody()).isFalse();
  }

  @Test
  void illegalTopicNamesHaveNoRoute() throws Exception {
    RemotingCommand response = route("no spaces");
    assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    assertThat(response.remark()).contains("illegal characters");
    RemotingCommand missingHeader = call(RequestCode.GET_ROUTEINFO_BY_TOPIC, (CommandHeader) null);
    assertThat(missingHeader.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    assertThat(missingHeader.remark()).contains("topic");
  }

  @Test
  void topicResolverReadsTheViewAndCreatesOnlyWhenAsked() throws Exception {
    TopicResolver resolver = handlers.topicResolver();
    TopicLookup missing =
        resolver.resolve("Lazy", 4, false).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(missing).isInstanceOf(TopicLookup.NotFound.class);
    TopicLookup created =
        resolver.resolve("Lazy", 4, true).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(((TopicLookup.Found) created).config().writeQueueNums()).isEqualTo(4);
    // Now served from the view without an ask: the stage is already complete.
    assertThat(resolver.resolve("Lazy", 4, false).toCompletableFuture().isDone()).isTrue();
    TopicLookup bad = resolver.resolve("bad name", 4, true).toCompletableFuture().get();
    assertThat(bad).isInstanceOf(TopicLookup.Rejected.class);
  }

  @Test
  void clusterInfo() throws Exception {
    RemotingCommand response = call(RequestCode.GET_BROKER_CLUSTER_INFO, (CommandHeader) null);
    ClusterInfo info = ClusterInfo.fromJson(body(response));
    assertThat(info.clusterAddrTable())
        .containsEntry("DefaultCluster", java.util.Set.of("actormq-a"));
    assertThat(info.brokerAddrTable().get("actormq-a").masterAddr()).isEqualTo(ADDRESS);
  }

  @Test
  void createUpdateListAndDeleteTopics() throws Exception {
    RemotingCommand created =
        call(
            RequestCode.UPDATE_AND_CREATE_TOPIC,
            new CreateTopicRequestHeader(
                "Admin", "TBW102", 4, 4, 6, "SINGLE_TAG", null, true, null, false));
    assertThat(created.code()).isEqualTo(ResponseCode.SUCCESS);
    TopicRouteData route = TopicRouteData.fromJson(body(route("Admin")));
    assertThat(route.queueDatas()).containsExactly(new QueueData("actormq-a", 4, 4, 6, 0));
    assertThat(route.orderTopicConf()).isEqualTo("actormq-a:4");

    RemotingCommand list =
        call(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, (CommandHeader) null);
    List<Object> topics =
        JsonTree.array(JsonTree.asObject(JsonReader.parse(body(list)), "list"), "topicList");
    assertThat(topics).contains("Admin", "TBW102");

    RemotingCommand deleted =
        call(RequestCode.DELETE_TOPIC_IN_BROKER, ext -> ext.put("topic", "Admin"));
    assertThat(deleted.code()).isEqualTo(ResponseCode.SUCCESS);
    assertThat(call(RequestCode.DELETE_TOPIC_IN_NAMESRV, ext -> ext.put("topic", "Admin")).code())
        .isEqualTo(ResponseCode.SUCCESS);
  }

  @Test
  void createTopicRefusesBadRequests() throws Exception {
    RemotingCommand system =
        call(
            RequestCode.UPDATE_AND_CREATE_TOPIC,
            new CreateTopicRequestHeader(
                "SCHEDULE_TOPIC_XXXX", "TBW102", 4, 4, 6, "SINGLE_TAG", null, false, null, false));
    assertThat(system.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    assertThat(system.remark()).contains("system topic");

    RemotingCommand queues =
        call(
            RequestCode.UPDATE_AND_CREATE_TOPIC,
            new CreateTopicRequestHeader(
                "Fine", "TBW102", 0, 4, 6, "SINGLE_TAG", null, false, null, false));
    assertThat(queues.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    assertThat(queues.remark()).contains("readQueueNums 0");

    RemotingCommand missing =
        call(RequestCode.UPDATE_AND_CREATE_TOPIC, ext -> ext.put("topic", "Fine"));
    assertThat(missing.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    assertThat(missing.remark()).contains("defaultTopic");

    RemotingCommand tbw =
        call(RequestCode.DELETE_TOPIC_IN_BROKER, ext -> ext.put("topic", "TBW102"));
    assertThat(tbw.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
  }
}
