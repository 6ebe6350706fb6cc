package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
import io.actormq.protocol.remoting.RequestCode;
import io.actormq.protocol.remoting.ResponseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.rocketmq.remoting.CommandCustomHeader;

/** One fully populated and one minimal instance of every typed header, with RocketMQ's class. */
final class HeaderSamples {

  private HeaderSamples() {}

  /**
   * @param notInTheirs wire keys RocketMQ sends beside its header class rather than in it
   */
  record Sample(
      String name,
      int code,
      boolean response,
      CommandHeader header,
      Function<Map<String, String>, ? extends CommandHeader> parser,
      Class<? extends CommandCustomHeader> theirs,
      Set<String> notInTheirs) {

    @Override
    public String toString() {
      return name;
    }
  }

  private static final String PROPS =
      "TAGS\u0001TagA\u0002KEYS\u0001k1 k2\u0002UNIQ_KEY\u0001AC1\u0002";
  private static final String UNICODE = "主题-é-😀 \"quoted\" \\ /";

  static List<Sample> all() {
    List<Sample> s = new ArrayList<>();
    String p = "org.apache.rocketmq.remoting.protocol.header.";

    SendMessageRequestHeader send =
        new SendMessageRequestHeader(
            "PG",
            "TopicA",
            "TBW102",
            4,
            3,
            0x4,
            1_700_000_000_123L,
            7,
            PROPS + UNICODE,
            2,
            false,
            16,
            false,
            "broker-a");
    SendMessageRequestHeader sendMin =
        new SendMessageRequestHeader(
            "PG", "TopicA", "TBW102", 4, 3, 0, 1L, 0, null, null, null, null, null, null);
    add(
        s,
        "SendMessageRequestHeader/full",
        RequestCode.SEND_MESSAGE,
        false,
        send,
        SendMessageRequestHeader::fromExtFields,
        p + "SendMessageRequestHeader");
    add(
        s,
        "SendMessageRequestHeader/minimal",
        RequestCode.SEND_MESSAGE,
        false,
        sendMin,
        SendMessageRequestHeader::fromExtFields,
        p + "SendMessageRequestHeader");
    add(
        s,
        "SendMessageRequestHeaderV2/full",
        RequestCode.SEND_MESSAGE_V2,
        false,
        send.toV2(),
        SendMessageRequestHeaderV2::fromExtFields,
        p + "SendMessageRequestHeaderV2");
    add(
        s,
        "SendMessageRequestHeaderV2/batch",
        RequestCode.SEND_BATCH_MESSAGE,
        false,
        new SendMessageRequestHeaderV2(
            "PG", "T", "TBW102", 8, 0, 0, 5L, 0, "WAIT\u0001true\u0002", 0, false, 16, true, "b"),
        SendMessageRequestHeaderV2::fromExtFields,
        p + "SendMessageRequestHeaderV2");
    add(
        s,
        "SendMessageRequestHeaderV2/minimal",
        RequestCode.SEND_MESSAGE_V2,
        false,
        sendMin.toV2(),
        SendMessageRequestHeaderV2::fromExtFields,
        p + "SendMessageRequestHeaderV2");

    s.add(
        new Sample(
            "SendMessageResponseHeader/full",
            ResponseCode.SUCCESS,
            true,
            new SendMessageResponseHeader(
                "0A00000500002A9F0000000000000001",
                3,
                42L,
                "UNIQ",
                "B1",
                "RH",
                "DefaultRegion",
                true),
            SendMessageResponseHeader::fromExtFields,
            their(p + "SendMessageResponseHeader"),
            Set.of("MSG_REGION", "TRACE_ON")));
    add(
        s,
        "SendMessageResponseHeader/minimal",
        ResponseCode.SUCCESS,
        true,
        new SendMessageResponseHeader("ID1,ID2", 0, 0L, null, null, null, null, null),
        SendMessageResponseHeader::fromExtFields,
        p + "SendMessageResponseHeader");

    add(
        s,
        "PullMessageRequestHeader/full",
        RequestCode.PULL_MESSAGE,
        false,
        new PullMessageRequestHeader(
            "CG",
            "T",
            2,
            100L,
            32,
            0x7,
            99L,
            15_000L,
            "TagA || TagB",
            1_700_000_000_000L,
            "TAG",
            1 << 20),
        PullMessageRequestHeader::fromExtFields,
        p + "PullMessageRequestHeader");
    add(
        s,
        "PullMessageRequestHeader/lite",
        RequestCode.LITE_PULL_MESSAGE,
        false,
        new PullMessageRequestHeader(
            "CG",
            "T",
            0,
            0L,
            32,
            PullMessageRequestHeader.FLAG_LITE_PULL | PullMessageRequestHeader.FLAG_SUBSCRIPTION,
            0L,
            20_000L,
            "*",
            0L,
            "TAG",
            null),
        PullMessageRequestHeader::fromExtFields,
        p + "PullMessageRequestHeader");
    add(
        s,
        "PullMessageRequestHeader/minimal",
        RequestCode.PULL_MESSAGE,
        false,
        new PullMessageRequestHeader("CG", "T", 0, 0L, 32, 0, 0L, 0L, null, 0L, null, null),
        PullMessageRequestHeader::fromExtFields,
        p + "PullMessageRequestHeader");
    add(
        s,
        "PullMessageResponseHeader/full",
        ResponseCode.SUCCESS,
        true,
        new PullMessageResponseHeader(0L, 101L, 0L, 200L, 5L, 0, 1, 2),
        PullMessageResponseHeader::fromExtFields,
        p + "PullMessageResponseHeader");
    add(
        s,
        "PullMessageResponseHeader/minimal",
        ResponseCode.PULL_NOT_FOUND,
        true,
        new PullMessageResponseHeader(0L, 5L, 0L, 5L, null, null, null, null),
        PullMessageResponseHeader::fromExtFields,
        p + "PullMessageResponseHeader");

    add(
        s,
        "UnregisterClientRequestHeader",
        RequestCode.UNREGISTER_CLIENT,
        false,
        new UnregisterClientRequestHeader("10.0.0.1@4242", "PG", null),
        UnregisterClientRequestHeader::fromExtFields,
        p + "UnregisterClientRequestHeader");
    add(
        s,
        "GetConsumerListByGroupRequestHeader",
        RequestCode.GET_CONSUMER_LIST_BY_GROUP,
        false,
        new GetConsumerListByGroupRequestHeader("CG"),
        GetConsumerListByGroupRequestHeader::fromExtFields,
        p + "GetConsumerListByGroupRequestHeader");
    add(
        s,
        "QueryConsumerOffsetRequestHeader",
        RequestCode.QUERY_CONSUMER_OFFSET,
        false,
        new QueryConsumerOffsetRequestHeader("CG", "T", 1, true),
        QueryConsumerOffsetRequestHeader::fromExtFields,
        p + "QueryConsumerOffsetRequestHeader");
    add(
        s,
        "QueryConsumerOffsetRequestHeader/minimal",
        RequestCode.QUERY_CONSUMER_OFFSET,
        false,
        new QueryConsumerOffsetRequestHeader("CG", "T", 1, null),
        QueryConsumerOffsetRequestHeader::fromExtFields,
        p + "QueryConsumerOffsetRequestHeader");
    add(
        s,
        "QueryConsumerOffsetResponseHeader",
        ResponseCode.SUCCESS,
        true,
        new QueryConsumerOffsetResponseHeader(77L),
        QueryConsumerOffsetResponseHeader::fromExtFields,
        p + "QueryConsumerOffsetResponseHeader");
    add(
        s,
        "UpdateConsumerOffsetRequestHeader",
        RequestCode.UPDATE_CONSUMER_OFFSET,
        false,
        new UpdateConsumerOffsetRequestHeader("CG", "T", 1, 78L),
        UpdateConsumerOffsetRequestHeader::fromExtFields,
        p + "UpdateConsumerOffsetRequestHeader");
    add(
        s,
        "GetMaxOffsetRequestHeader",
        RequestCode.GET_MAX_OFFSET,
        false,
        new GetMaxOffsetRequestHeader("T", 1, false),
        GetMaxOffsetRequestHeader::fromExtFields,
        p + "GetMaxOffsetRequestHeader");
    add(
        s,
        "GetMaxOffsetRequestHeader/default",
        RequestCode.GET_MAX_OFFSET,
        false,
        new GetMaxOffsetRequestHeader("T", 1, true),
        GetMaxOffsetRequestHeader::fromExtFields,
        p + "GetMaxOffsetRequestHeader");
    add(
        s,
        "GetMaxOffsetResponseHeader",
        ResponseCode.SUCCESS,
        true,
        new GetMaxOffsetResponseHeader(Long.MAX_VALUE),
        GetMaxOffsetResponseHeader::fromExtFields,
        p + "GetMaxOffsetResponseHeader");
    add(
        s,
        "GetMinOffsetRequestHeader",
        RequestCode.GET_MIN_OFFSET,
        false,
        new GetMinOffsetRequestHeader("T", 0),
        GetMinOffsetRequestHeader::fromExtFields,
        p + "GetMinOffsetRequestHeader");
    add(
        s,
        "GetMinOffsetResponseHeader",
        ResponseCode.SUCCESS,
        true,
        new GetMinOffsetResponseHeader(0L),
        GetMinOffsetResponseHeader::fromExtFields,
        p + "GetMinOffsetResponseHeader");
    add(
        s,
        "SearchOffsetRequestHeader/upper",
        RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
        false,
        new SearchOffsetRequestHeader("T", 2, 1_700_000_000_000L, BoundaryType.UPPER),
        SearchOffsetRequestHeader::fromExtFields,
        p + "SearchOffsetRequestHeader");
    add(
        s,
        "SearchOffsetRequestHeader/lower",
        RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
        false,
        new SearchOffsetRequestHeader("T", 2, 1L, BoundaryType.LOWER),
        SearchOffsetRequestHeader::fromExtFields,
        p + "SearchOffsetRequestHeader");
    add(
        s,
        "SearchOffsetRequestHeader/none",
        RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
        false,
        new SearchOffsetRequestHeader("T", 2, 1L, null),
        SearchOffsetRequestHeader::fromExtFields,
        p + "SearchOffsetRequestHeader");
    add(
        s,
        "SearchOffsetResponseHeader",
        ResponseCode.SUCCESS,
        true,
        new SearchOffsetResponseHeader(12L),
        SearchOffsetResponseHeader::fromExtFields,
        p + "SearchOffsetResponseHeader");
    add(
        s,
        "GetEarliestMsgStoretimeRequestHeader",
        RequestCode.GET_EARLIEST_MSG_STORETIME,
        false,
        new GetEarliestMsgStoretimeRequestHeader("T", 3),
        GetEarliestMsgStoretimeRequestHeader::fromExtFields,
        p + "GetEarliestMsgStoretimeRequestHeader");
    add(
        s,
        "GetEarliestMsgStoretimeResponseHeader",
        ResponseCode.SUCCESS,
        true,
        new GetEarliestMsgStoretimeResponseHeader(1_700_000_000_000L),
        GetEarliestMsgStoretimeResponseHeader::fromExtFields,
        p + "GetEarliestMsgStoretimeResponseHeader");
    add(
        s,
        "ConsumerSendMsgBackRequestHeader/full",
        RequestCode.CONSUMER_SEND_MSG_BACK,
        false,
        new ConsumerSendMsgBackRequestHeader(123456789L, "CG", 3, "MSGID", "T", true, 16),
        ConsumerSendMsgBackRequestHeader::fromExtFields,
        p + "ConsumerSendMsgBackRequestHeader");
    add(
        s,
        "ConsumerSendMsgBackRequestHeader/minimal",
        RequestCode.CONSUMER_SEND_MSG_BACK,
        false,
        new ConsumerSendMsgBackRequestHeader(1L, "CG", -1, null, null, false, null),
        ConsumerSendMsgBackRequestHeader::fromExtFields,
        p + "ConsumerSendMsgBackRequestHeader");
    add(
        s,
        "EndTransactionRequestHeader/full",
        RequestCode.END_TRANSACTION,
        false,
        new EndTransactionRequestHeader(
            "T",
            "PG",
            7L,
            4096L,
            EndTransactionRequestHeader.TRANSACTION_COMMIT_TYPE,
            true,
            "OFFSETMSGID",
            "UNIQ"),
        EndTransactionRequestHeader::fromExtFields,
        p + "EndTransactionRequestHeader");
    add(
        s,
        "EndTransactionRequestHeader/minimal",
        RequestCode.END_TRANSACTION,
        false,
        new EndTransactionRequestHeader(
            null,
            "PG",
            7L,
            4096L,
            EndTransactionRequestHeader.TRANSACTION_ROLLBACK_TYPE,
            false,
            "M",
            null),
        EndTransactionRequestHeader::fromExtFields,
        p + "EndTransactionRequestHeader");
    add(
        s,
        "CheckTransactionStateRequestHeader",
        RequestCode.CHECK_TRANSACTION_STATE,
        false,
        new CheckTransactionStateRequestHeader("T", 7L, 4096L, "UNIQ", "UNIQ", "OFFSETMSGID"),
        CheckTransactionStateRequestHeader::fromExtFields,
        p + "CheckTransactionStateRequestHeader");
    add(
        s,
        "CheckTransactionStateRequestHeader/minimal",
        RequestCode.CHECK_TRANSACTION_STATE,
        false,
        new CheckTransactionStateRequestHeader(null, 7L, 4096L, null, null, null),
        CheckTransactionStateRequestHeader::fromExtFields,
        p + "CheckTransactionStateRequestHeader");
    add(
        s,
        "ViewMessageRequestHeader",
        RequestCode.VIEW_MESSAGE_BY_ID,
        false,
        new ViewMessageRequestHeader("T", 4096L),
        ViewMessageRequestHeader::fromExtFields,
        p + "ViewMessageRequestHeader");
    s.add(
        new Sample(
            "QueryMessageRequestHeader/full",
            RequestCode.QUERY_MESSAGE,
            false,
            new QueryMessageRequestHeader(
                "T", "key " + UNICODE, 32, 0L, Long.MAX_VALUE, "K", "L", true),
            QueryMessageRequestHeader::fromExtFields,
            their(p + "QueryMessageRequestHeader"),
            Set.of("_UNIQUE_KEY_QUERY")));
    add(
        s,
        "QueryMessageRequestHeader/minimal",
        RequestCode.QUERY_MESSAGE,
        false,
        new QueryMessageRequestHeader("T", "k", 32, 0L, 1L, null, null, null),
        QueryMessageRequestHeader::fromExtFields,
        p + "QueryMessageRequestHeader");
    add(
        s,
        "QueryMessageResponseHeader",
        ResponseCode.SUCCESS,
        true,
        new QueryMessageResponseHeader(1_700_000_000_000L, 8192L),
        QueryMessageResponseHeader::fromExtFields,
        p + "QueryMessageResponseHeader");
    add(
        s,
        "GetRouteInfoRequestHeader",
        RequestCode.GET_ROUTEINFO_BY_TOPIC,
        false,
        new GetRouteInfoRequestHeader("%RETRY%CG", true),
        GetRouteInfoRequestHeader::fromExtFields,
        p + "namesrv.GetRouteInfoRequestHeader");
    add(
        s,
        "GetRouteInfoRequestHeader/minimal",
        RequestCode.GET_ROUTEINFO_BY_TOPIC,
        false,
        new GetRouteInfoRequestHeader("TBW102", null),
        GetRouteInfoRequestHeader::fromExtFields,
        p + "namesrv.GetRouteInfoRequestHeader");
    add(
        s,
        "CreateTopicRequestHeader/full",
        RequestCode.UPDATE_AND_CREATE_TOPIC,
        false,
        new CreateTopicRequestHeader(
            "T", "TBW102", 8, 8, 6, "SINGLE_TAG", 0, true, "+message.type=NORMAL", true),
        CreateTopicRequestHeader::fromExtFields,
        p + "CreateTopicRequestHeader");
    add(
        s,
        "CreateTopicRequestHeader/minimal",
        RequestCode.UPDATE_AND_CREATE_TOPIC,
        false,
        new CreateTopicRequestHeader(
            "T", "TBW102", 8, 8, 6, "SINGLE_TAG", null, false, null, false),
        CreateTopicRequestHeader::fromExtFields,
        p + "CreateTopicRequestHeader");
    add(
        s,
        "ResetOffsetRequestHeader/full",
        RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
        false,
        new ResetOffsetRequestHeader("CG", "T", 3, 55L, 1_700_000_000_000L, true),
        ResetOffsetRequestHeader::fromExtFields,
        p + "ResetOffsetRequestHeader");
    add(
        s,
        "ResetOffsetRequestHeader/minimal",
        RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
        false,
        new ResetOffsetRequestHeader("CG", "T", -1, null, 1L, false),
        ResetOffsetRequestHeader::fromExtFields,
        p + "ResetOffsetRequestHeader");
    add(
        s,
        "NotifyConsumerIdsChangedRequestHeader",
        RequestCode.NOTIFY_CONSUMER_IDS_CHANGED,
        false,
        new NotifyConsumerIdsChangedRequestHeader("CG"),
        NotifyConsumerIdsChangedRequestHeader::fromExtFields,
        p + "NotifyConsumerIdsChangedRequestHeader");
    return s;
  }

  private static void add(
      List<Sample> samples,
      String name,
      int code,
      boolean response,
      CommandHeader header,
      Function<Map<String, String>, ? extends CommandHeader> parser,
      String theirClass) {
    samples.add(new Sample(name, code, response, header, parser, their(theirClass), Set.of()));
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends CommandCustomHeader> their(String className) {
    try {
      return (Class<? extends CommandCustomHeader>) Class.forName(className);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("RocketMQ header class not found: " + className, e);
    }
  }
}
