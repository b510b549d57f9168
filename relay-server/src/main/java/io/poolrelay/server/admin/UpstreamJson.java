package io.poolrelay.server.admin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON form of {@link UpstreamView}: snake_case members like the configuration file's keys, instants
 * in ISO-8601 (UTC), {@code null} for an absent instant, limit or cap.
 */
final class UpstreamJson {

  private UpstreamJson() {
  }

  static String array(List<UpstreamView> views) {
    JsonWriter json = new JsonWriter().beginArray();
    views.forEach(view -> write(json, view));
    return json.endArray().toString();
  }

  static String object(UpstreamView view) {
    JsonWriter json = new JsonWriter();
    write(json, view);
    return json.toString();
  }

  private static void write(JsonWriter json, UpstreamView v) {
    json.beginObject()
        .name("name").value(v.name())
        .name("type").value(v.type())
        .name("state").value(v.state())
        .name("reason").value(v.reason());
    instant(json.name("since"), v.since());
    instant(json.name("until"), v.until());
    json.name("sent_last_hour").value(v.sentLastHour());
    optionalLong(json.name("hourly_limit"), v.hourlyLimit());
    json.name("sent_last_24h").value(v.sentLast24h());
    optionalLong(json.name("daily_cap"), v.dailyCap());
    json.name("warmup").value(v.warmup())
        .name("in_flight").value(v.inFlight())
        .name("bounce_rate").value(v.bounceRate())
        .name("deferral_rate").value(v.deferralRate())
        .name("complaint_rate").value(v.complaintRate())
        .name("last_error").value(v.lastError())
        .name("account").value(v.account())
        .name("sandbox").value(v.sandbox())
        .endObject();
  }

  private static void instant(JsonWriter json, Optional<Instant> instant) {
    if (instant.isPresent()) {
      json.value(instant.get().toString());
    } else {
      json.nullValue();
    }
  }

  private static void optionalLong(JsonWriter json, OptionalLong value) {
    if (value.isPresent()) {
      json.value(value.getAsLong());
    } else {
      json.nullValue();
    }
  }
}
