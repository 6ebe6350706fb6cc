package io.actormq.protocol.header;

import io.actormq.protocol.remoting.DirectHeader;
import io.actormq.protocol.remoting.FieldName;
import io.actormq.protocol.remoting.FieldSink;
import java.util.Map;

/**
 * Response header of pull requests; the four required fields must always be sent.
 *
 * @param suggestWhichBrokerId 0 = keep pulling from the master; required
 * @param nextBeginOffset required
 * @param minOffset required
 * @param maxOffset required
 * @param offsetDelta optional, null if absent
 * @param topicSysFlag optional, null if absent
 * @param groupSysFlag optional, null if absent
 * @param forbiddenType optional, null if absent
 */
public record PullMessageResponseHeader(
    long suggestWhichBrokerId,
    long nextBeginOffset,
    long minOffset,
    long maxOffset,
    Long offsetDelta,
    Integer topicSysFlag,
    Integer groupSysFlag,
    Integer forbiddenType)
    implements DirectHeader {

  private static final FieldName SUGGEST_WHICH_BROKER_ID = FieldName.of("suggestWhichBrokerId");
  private static final FieldName NEXT_BEGIN_OFFSET = FieldName.of("nextBeginOffset");
  private static final FieldName MIN_OFFSET = FieldName.of("minOffset");
  private static final FieldName MAX_OFFSET = FieldName.of("maxOffset");
  private static final FieldName OFFSET_DELTA = FieldName.of("offsetDelta");
  private static final FieldName TOPIC_SYS_FLAG = FieldName.of("topicSysFlag");
  private static final FieldName GROUP_SYS_FLAG = FieldName.of("groupSysFlag");
  private static final FieldName FORBIDDEN_TYPE = FieldName.of("forbiddenType");

  /** Reads the header, failing with a {@link HeaderException} that names the bad field. */
  public static PullMessageResponseHeader fromExtFields(Map<String, String> ext) {
    return new PullMessageResponseHeader(
        ExtFields.requireLong(ext, "suggestWhichBrokerId"),
        ExtFields.requireLong(ext, "nextBeginOffset"),
        ExtFields.requireLong(ext, "minOffset"),
        ExtFields.requireLong(ext, "maxOffset"),
        ExtFields.optLong(ext, "offsetDelta"),
        ExtFields.optInt(ext, "topicSysFlag"),
        ExtFields.optInt(ext, "groupSysFlag"),
        ExtFields.optInt(ext, "forbiddenType"));
  }

  @Override
  public void writeFields(FieldSink out) {
    out.number(SUGGEST_WHICH_BROKER_ID, suggestWhichBrokerId);
    out.number(NEXT_BEGIN_OFFSET, nextBeginOffset);
    out.number(MIN_OFFSET, minOffset);
    out.number(MAX_OFFSET, maxOffset);
    out.put(OFFSET_DELTA, offsetDelta);
    out.put(TOPIC_SYS_FLAG, topicSysFlag);
    out.put(GROUP_SYS_FLAG, groupSysFlag);
    out.put(FORBIDDEN_TYPE, forbiddenType);
  }
}
