package io.poolrelay.server.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON forms of the queue, in the style of {@link UpstreamJson}: snake_case members, ISO-8601
 * instants, {@code null} for an absent pool, time or user.
 */
final class QueueJson {

  private QueueJson() {
  }

  /** {@code {"summary": {...}, "messages": [...]}}. */
  static String listing(QueueSummary summary, List<QueuedView> messages) {
    JsonWriter json = new JsonWriter().beginObject();
    summary(json.name("summary"), summary);
    json.name("messages").beginArray();
    for (QueuedView message : messages) {
      json.beginObject();
      fields(json, message);
      json.endObject();
    }
    return json.endArray().endObject().toString();
  }

  static String message(QueuedView message) {
    JsonWriter json = new JsonWriter().beginObject();
    fields(json, message);
    return json.endObject().toString();
  }

  /** The index fields, then the envelope; the message's bytes are never part of it. */
  static String detail(QueuedMessageView detail) {
    JsonWriter json = new JsonWriter().beginObject();
    fields(json, detail.queued());
    json.name("sender").value(detail.sender());
    strings(json.name("recipients"), detail.recipients());
    strings(json.name("settled_recipients"), detail.settled());
    json.name("listener").value(detail.listener())
        .name("client_address").value(detail.clientAddress())
        .name("auth_user").value(detail.authUser().orElse(null))
        .name("hints").beginObject();
    new TreeMap<>(detail.hints()).forEach((name, value) -> json.name(name).value(value));
    return json.endObject().name("origin").value(detail.origin()).endObject().toString();
  }

  private static void summary(JsonWriter json, QueueSummary s) {
    json.beginObject().name("total").value(s.total());
    counts(json.name("by_state"), s.byState());
    counts(json.name("by_pool"), s.byPool());
    if (s.oldestAge().isPresent()) {
      json.name("oldest_age_seconds").value(s.oldestAge().get().toSeconds());
    } else {
      json.name("oldest_age_seconds").nullValue();
    }
    json.name("bytes").value(s.bytes()).endObject();
  }

  private static void fields(JsonWriter json, QueuedView m) {
    json.name("queue_id").value(m.queueId())
        .name("state").value(m.state())
        .name("pool").value(m.pool().orElse(null))
        .name("attempts").value(m.attempts());
    instant(json.name("next_attempt"), m.nextAttempt());
    json.name("last_reply").value(m.lastReply())
        .name("size").value(m.size())
        .name("arrival").value(m.arrival().toString())
        .name("age_seconds").value(m.age().toSeconds());
  }

  /** Counts sorted by key, so the output is the same from one call to the next. */
  private static void counts(JsonWriter json, Map<String, Long> counts) {
    json.beginObject();
    new TreeMap<>(counts).forEach((key, count) -> json.name(key).value(count));
    json.endObject();
  }

  private static void strings(JsonWriter json, List<String> values) {
    json.beginArray();
    values.forEach(json::value);
    json.endArray();
  }

  private static void instant(JsonWriter json, Optional<Instant> instant) {
    if (instant.isPresent()) {
      json.value(instant.get().toString());
    } else {
      json.nullValue();
    }
  }
}
