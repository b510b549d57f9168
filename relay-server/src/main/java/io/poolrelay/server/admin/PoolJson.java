package io.poolrelay.server.admin;

import java.util.List;

/** The JSON form of {@link PoolView}: snake_case members, {@code null} for no fallback or no time to send. */
final class PoolJson {

  private PoolJson() {
  }

  static String array(List<PoolView> pools) {
    JsonWriter json = new JsonWriter().beginArray();
    for (PoolView pool : pools) {
      json.beginObject()
          .name("name").value(pool.name())
          .name("strategy").value(pool.strategy())
          .name("fallback").value(pool.fallback().orElse(null))
          .name("members").beginArray();
      for (PoolView.Member member : pool.members()) {
        json.beginObject()
            .name("upstream").value(member.upstream())
            .name("weight").value(member.weight())
            .name("state").value(member.state())
            .endObject();
      }
      json.endArray()
          .name("queued").value(pool.queued())
          .name("waiting").value(pool.waiting());
      if (pool.timeToSend().isPresent()) {
        json.name("time_to_send_seconds").value(pool.timeToSend().get().toSeconds());
      } else {
        json.name("time_to_send_seconds").nullValue();
      }
      json.endObject();
    }
    return json.endArray().toString();
  }
}
