package io.actormq.protocol.header;

import io.actormq.protocol.remoting.CommandHeader;
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
    implements CommandHeader {

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
  public void writeTo(Map<String, String> ext) {
    ext.put("suggestWhichBrokerId", Long.toString(suggestWhichBrokerId));
    ext.put("nextBeginOffset", Long.toString(nextBeginOffset));
    ext.put("minOffset", Long.toString(minOffset));
    ext.put("maxOffset", Long.toString(maxOffset));
    ExtFields.put(ext, "offsetDelta", offsetDelta);
    ExtFields.put(ext, "topicSysFlag", topicSysFlag);
    ExtFields.put(ext, "groupSysFlag", groupSysFlag);
    ExtFields.put(ext, "forbiddenType", forbiddenType);
  }
}
