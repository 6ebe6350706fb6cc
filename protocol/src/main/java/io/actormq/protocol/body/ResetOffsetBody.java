package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code RESET_CONSUMER_CLIENT_OFFSET} (220) body a broker sends to consumers: new offsets per
 * queue.
 *
 * <p>RocketMQ serialises this map with the queue object itself as the key, {@code
 * {"offsetTable":{{"brokerName":"b","queueId":1,"topic":"T"}:5}}}. That is not JSON, but it is the
 * only form both fastjson 1 (4.9.x clients) and fastjson 2 (5.x) read back into a {@code
 * MessageQueue} key (fastjson 2 rejects the key as a quoted string), so {@link #toJson} writes it:
 * each piece comes from {@link JsonWriter} and only the joining is done here. There is no {@code
 * fromJson}: the strict reader cannot parse it, and a broker never receives this body.
 */
public record ResetOffsetBody(Map<MessageQueue, Long> offsetTable) {

  public ResetOffsetBody {
    TreeMap<MessageQueue, Long> sorted = new TreeMap<>();
    if (offsetTable != null) {
      offsetTable.forEach((q, o) -> sorted.put(q, Objects.requireNonNull(o, "offset of " + q)));
    }
    offsetTable = Collections.unmodifiableMap(sorted);
  }

  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ascii("{\"offsetTable\":{"));
    JsonWriter key = new JsonWriter();
    boolean first = true;
    for (Map.Entry<MessageQueue, Long> e : offsetTable.entrySet()) {
      if (!first) {
        out.write(',');
      }
      first = false;
      e.getKey().write(key.reset());
      out.writeBytes(key.toByteArray());
      out.write(':');
      out.writeBytes(ascii(Long.toString(e.getValue())));
    }
    out.writeBytes(ascii("}}"));
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
