package io.actormq.protocol.remoting;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One remoting request or response: the header fields plus an optional body.
 *
 * <p>Immutable, so commands can be passed between actors and threads freely; the {@code with*}
 * methods return modified copies. The body is never copied: a decoded command's body is a slice of
 * its frame, and a command built for sending holds the caller's buffer (which the caller must then
 * leave alone). {@link #body()} hands out a fresh duplicate so readers cannot disturb each other's
 * positions.
 */
public final class RemotingCommand {

  /** Flag bit 0: this command is a response. */
  public static final int RESPONSE_FLAG = 1;

  /** Flag bit 1: the sender expects no response. */
  public static final int ONEWAY_FLAG = 1 << 1;

  /**
   * The version ActorMQ puts into the commands it creates: the RocketMQ 5.3.2 ordinal. Clients keep
   * the version of the heartbeat reply and refuse SQL92 filters below 232.
   */
  public static final int DEFAULT_VERSION = 477;

  private static final Map<String, String> NO_FIELDS = Collections.emptyMap();

  private final int code;
  private final LanguageCode language;
  private final int version;
  private final int opaque;
  private final int flag;
  private final String remark;
  // The fields as decoded or given; null when the command was made from a DirectHeader. Final, not
  // volatile: a volatile store in the constructor is a full fence on every decoded command.
  private final Map<String, String> extFields;
  // Built from `header` on first use. A racy first use builds equal maps, each an unmodifiable
  // wrapper whose final field publishes its contents safely, so no lock or volatile is needed.
  private Map<String, String> builtExtFields;
  // Non-null when the fields come from this typed header: the encoders write it directly.
  private final DirectHeader header;
  private final ByteBuffer body;

  private RemotingCommand(
      int code,
      LanguageCode language,
      int version,
      int opaque,
      int flag,
      String remark,
      Map<String, String> sealedExtFields,
      ByteBuffer body) {
    this(code, language, version, opaque, flag, remark, sealedExtFields, null, body);
  }

  private RemotingCommand(
      int code,
      LanguageCode language,
      int version,
      int opaque,
      int flag,
      String remark,
      Map<String, String> sealedExtFields,
      DirectHeader header,
      ByteBuffer body) {
    this.code = code;
    this.language = Objects.requireNonNull(language, "language");
    this.version = version;
    this.opaque = opaque;
    this.flag = flag;
    this.remark = remark;
    this.extFields = sealedExtFields;
    this.header = header;
    this.body = body == null || !body.hasRemaining() ? null : body;
  }

  // A typed header: kept as is when it can write itself, else turned into a map now.
  private RemotingCommand(
      int code,
      LanguageCode language,
      int version,
      int opaque,
      int flag,
      String remark,
      CommandHeader header,
      ByteBuffer body) {
    this(
        code,
        language,
        version,
        opaque,
        flag,
        remark,
        header instanceof DirectHeader ? null : seal(fields(header)),
        header instanceof DirectHeader d ? d : null,
        body);
  }

  /**
   * A command with every field given. The map is copied (dropping null keys and values); the body
   * is kept as is.
   */
  public static RemotingCommand of(
      int code,
      LanguageCode language,
      int version,
      int opaque,
      int flag,
      String remark,
      Map<String, String> extFields,
      ByteBuffer body) {
    return new RemotingCommand(
        code, language, version, opaque, flag, remark, seal(copy(extFields)), body);
  }

  /** Used by the decoders, which hand over a map nobody else holds. */
  static RemotingCommand wrap(
      int code,
      LanguageCode language,
      int version,
      int opaque,
      int flag,
      String remark,
      Map<String, String> ownedExtFields,
      ByteBuffer body) {
    return new RemotingCommand(
        code, language, version, opaque, flag, remark, seal(ownedExtFields), body);
  }

  /** A two-way request with the given opaque (the sender's correlation id). */
  public static RemotingCommand request(
      int code, int opaque, Map<String, String> extFields, ByteBuffer body) {
    return new RemotingCommand(
        code, LanguageCode.JAVA, DEFAULT_VERSION, opaque, 0, null, seal(copy(extFields)), body);
  }

  /** A two-way request carrying a typed header. */
  public static RemotingCommand request(
      int code, int opaque, CommandHeader header, ByteBuffer body) {
    return new RemotingCommand(
        code, LanguageCode.JAVA, DEFAULT_VERSION, opaque, 0, null, header, body);
  }

  /** The response to {@code request}: same opaque, response bit set, no header fields. */
  public static RemotingCommand responseTo(RemotingCommand request, int code, String remark) {
    return responseTo(request, code, remark, (CommandHeader) null, null);
  }

  /** The response to {@code request} carrying a typed header and an optional body. */
  public static RemotingCommand responseTo(
      RemotingCommand request, int code, String remark, CommandHeader header, ByteBuffer body) {
    return new RemotingCommand(
        code,
        LanguageCode.JAVA,
        DEFAULT_VERSION,
        request.opaque,
        RESPONSE_FLAG,
        remark,
        header,
        body);
  }

  /** The response to {@code request} carrying raw header fields and an optional body. */
  public static RemotingCommand responseTo(
      RemotingCommand request,
      int code,
      String remark,
      Map<String, String> extFields,
      ByteBuffer body) {
    return new RemotingCommand(
        code,
        LanguageCode.JAVA,
        DEFAULT_VERSION,
        request.opaque,
        RESPONSE_FLAG,
        remark,
        seal(copy(extFields)),
        body);
  }

  public int code() {
    return code;
  }

  public LanguageCode language() {
    return language;
  }

  public int version() {
    return version;
  }

  /** The correlation id: a response carries its request's opaque. */
  public int opaque() {
    return opaque;
  }

  public int flag() {
    return flag;
  }

  public boolean isResponse() {
    return (flag & RESPONSE_FLAG) != 0;
  }

  /** A oneway request must never be answered. */
  public boolean isOneway() {
    return (flag & ONEWAY_FLAG) != 0;
  }

  /** Free text, mostly the reason of an error response; may be null. */
  public String remark() {
    return remark;
  }

  /** The flat header fields; never null, unmodifiable. */
  public Map<String, String> extFields() {
    Map<String, String> m = extFields;
    if (m == null) {
      m = builtExtFields;
      if (m == null) {
        m = seal(fields(header));
        builtExtFields = m;
      }
    }
    return m;
  }

  /** One header field, or null. */
  public String extField(String name) {
    return extFields().get(name);
  }

  /** The typed header the fields come from, if it writes itself; else null. */
  DirectHeader directHeader() {
    return header;
  }

  /** A duplicate of the body positioned at its start, or null if there is none. */
  public ByteBuffer body() {
    return body == null ? null : body.duplicate();
  }

  public boolean hasBody() {
    return body != null;
  }

  public int bodyLength() {
    return body == null ? 0 : body.remaining();
  }

  public RemotingCommand withCode(int newCode) {
    return new RemotingCommand(
        newCode, language, version, opaque, flag, remark, extFields, header, body);
  }

  public RemotingCommand withOpaque(int newOpaque) {
    return new RemotingCommand(
        code, language, version, newOpaque, flag, remark, extFields, header, body);
  }

  public RemotingCommand withVersion(int newVersion) {
    return new RemotingCommand(
        code, language, newVersion, opaque, flag, remark, extFields, header, body);
  }

  public RemotingCommand withLanguage(LanguageCode newLanguage) {
    return new RemotingCommand(
        code, newLanguage, version, opaque, flag, remark, extFields, header, body);
  }

  public RemotingCommand withFlag(int newFlag) {
    return new RemotingCommand(
        code, language, version, opaque, newFlag, remark, extFields, header, body);
  }

  /** This command marked oneway: the receiver will not answer. */
  public RemotingCommand asOneway() {
    return withFlag(flag | ONEWAY_FLAG);
  }

  public RemotingCommand withRemark(String newRemark) {
    return new RemotingCommand(
        code, language, version, opaque, flag, newRemark, extFields, header, body);
  }

  /** Replaces all header fields (the map is copied). */
  public RemotingCommand withExtFields(Map<String, String> newFields) {
    return new RemotingCommand(
        code, language, version, opaque, flag, remark, seal(copy(newFields)), body);
  }

  /** Replaces all header fields with those of a typed header. */
  public RemotingCommand withHeader(CommandHeader header) {
    return new RemotingCommand(code, language, version, opaque, flag, remark, header, body);
  }

  /** Adds or replaces one header field; a null value removes it. */
  public RemotingCommand withExtField(String name, String value) {
    Map<String, String> fields = new HashMap<>(extFields());
    if (value == null) {
      fields.remove(name);
    } else {
      fields.put(Objects.requireNonNull(name, "name"), value);
    }
    return new RemotingCommand(code, language, version, opaque, flag, remark, seal(fields), body);
  }

  /** Replaces the body; the buffer's remaining bytes become the body, without copying. */
  public RemotingCommand withBody(ByteBuffer newBody) {
    return new RemotingCommand(
        code, language, version, opaque, flag, remark, extFields, header, newBody);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RemotingCommand c
        && code == c.code
        && language == c.language
        && version == c.version
        && opaque == c.opaque
        && flag == c.flag
        && Objects.equals(remark, c.remark)
        && extFields().equals(c.extFields())
        && Objects.equals(body, c.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, language, version, opaque, flag, remark, extFields(), body);
  }

  @Override
  public String toString() {
    return (isResponse() ? "Response[code=" + code : "Request[code=" + RequestCode.name(code))
        + ", opaque="
        + opaque
        + ", flag="
        + flag
        + ", language="
        + language
        + ", version="
        + version
        + (remark == null ? "" : ", remark=" + remark)
        + ", extFields="
        + extFields()
        + ", bodyLength="
        + bodyLength()
        + "]";
  }

  // The sealed map is never mutated again, so copies made by the with* methods share it.
  private static Map<String, String> seal(Map<String, String> owned) {
    if (owned == null || owned.isEmpty()) {
      return NO_FIELDS;
    }
    return owned instanceof HeaderFields ? owned : Collections.unmodifiableMap(owned);
  }

  private static Map<String, String> copy(Map<String, String> fields) {
    if (fields == null || fields.isEmpty()) {
      return null;
    }
    Map<String, String> copy = new HashMap<>(fields.size() * 2);
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (e.getKey() != null && e.getValue() != null) {
        copy.put(e.getKey(), e.getValue());
      }
    }
    return copy;
  }

  private static Map<String, String> fields(CommandHeader header) {
    if (header == null) {
      return null;
    }
    Map<String, String> fields = new HashMap<>();
    header.writeTo(fields);
    // A header might write nulls through a careless put; the wire cannot carry them.
    fields.values().removeIf(Objects::isNull);
    return fields;
  }
}
