package io.actormq.protocol.body;

import io.actormq.protocol.json.JsonWriter;
import java.util.List;

/** The {@code GET_CONSUMER_LIST_BY_GROUP} (38) reply body. */
public record ConsumerIdList(List<String> consumerIdList) {

  public ConsumerIdList {
    consumerIdList = BodyJson.copy(consumerIdList);
  }

  public byte[] toJson() {
    JsonWriter w = new JsonWriter();
    w.beginObject();
    BodyJson.strings(w, "consumerIdList", consumerIdList);
    w.endObject();
    return w.toByteArray();
  }

  public static ConsumerIdList fromJson(byte[] json) {
    return new ConsumerIdList(BodyJson.strings(BodyJson.root(json), "consumerIdList"));
  }
}
