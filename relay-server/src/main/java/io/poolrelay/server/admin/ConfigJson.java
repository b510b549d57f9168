package io.poolrelay.server.admin;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.AdminConfig;
import io.poolrelay.config.model.CidrBlock;
import io.poolrelay.config.model.ListenerConfig;
import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.config.model.PoolMember;
import io.poolrelay.config.model.RouteConfig;
import io.poolrelay.config.model.RouteMatch;
import io.poolrelay.config.model.RoutingConfig;
import io.poolrelay.config.model.Secret;
import io.poolrelay.config.model.SpoolConfig;
import io.poolrelay.config.units.DurationParser;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The effective configuration as JSON, with the keys of the YAML file so an operator can compare the two.
 * Durations are written as the YAML reads them ({@code 30s}, {@code 5d}), sizes in bytes, enums in lower
 * case, absent options as {@code null}. Every {@link Secret} is written as {@value #MASK}, never its value:
 * this output gets pasted into tickets and chat. Upstreams are in {@link UpstreamConfigJson}.
 */
final class ConfigJson {

  /** What stands in for a secret's value. */
  static final String MASK = "********";

  private ConfigJson() {
  }

  static String of(RelayConfig config) {
    JsonWriter json = new JsonWriter().beginObject();
    json.name("listeners").beginArray();
    config.listeners().forEach(listener -> listener(json, listener));
    json.endArray();
    json.name("upstreams").beginObject();
    config.upstreams().values().forEach(upstream -> UpstreamConfigJson.write(json.name(upstream.name()), upstream));
    json.endObject();
    json.name("pools").beginObject();
    config.pools().values().forEach(pool -> pool(json.name(pool.name()), pool));
    json.endObject();
    routing(json.name("routing"), config.routing());
    spool(json.name("spool"), config.spool());
    admin(json.name("admin"), config.admin());
    return json.endObject().toString();
  }

  static void secret(JsonWriter json, Optional<Secret> secret) {
    json.value(secret.isPresent() ? MASK : null);
  }

  static void duration(JsonWriter json, Duration duration) {
    json.value(DurationParser.format(duration));
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  static void strings(JsonWriter json, List<String> values) {
    json.beginArray();
    values.forEach(json::value);
    json.endArray();
  }

  private static void listener(JsonWriter json, ListenerConfig l) {
    json.beginObject()
        .name("name").value(l.name())
        .name("address").value(l.address().toString());
    strings(json.name("allowed_networks"), l.allowedNetworks().stream().map(CidrBlock::toString).toList());
    json.name("max_message_size").value(l.maxMessageSize())
        .name("max_recipients").value(l.maxRecipients())
        .name("max_connections").value(l.maxConnections());
    duration(json.name("idle_timeout"), l.idleTimeout());
    json.name("hostname").value(l.hostname())
        .name("bare_line_endings").value(lower(l.bareLineEndings()));
    json.name("tls");
    if (l.tls().isPresent()) {
      json.beginObject()
          .name("certificate").value(l.tls().get().certificate().toString())
          .name("key").value(l.tls().get().key().toString())
          .endObject();
    } else {
      json.nullValue();
    }
    json.name("auth");
    if (l.auth().isPresent()) {
      // Only the user names: a bcrypt hash is a secret too (it can be cracked offline).
      json.beginObject().name("users").beginObject();
      l.auth().get().users().keySet().stream().sorted().forEach(user -> json.name(user).value(MASK));
      json.endObject().name("require_tls").value(l.auth().get().requireTls()).endObject();
    } else {
      json.nullValue();
    }
    json.endObject();
  }

  private static void pool(JsonWriter json, PoolConfig pool) {
    json.beginObject().name("strategy").value(lower(pool.strategy())).name("members").beginArray();
    for (PoolMember member : pool.members()) {
      json.beginObject().name("upstream").value(member.upstream()).name("weight").value(member.weight()).endObject();
    }
    json.endArray().name("fallback").value(pool.fallback().orElse(null)).endObject();
  }

  private static void routing(JsonWriter json, RoutingConfig routing) {
    json.beginObject();
    strings(json.name("hint_headers"), routing.hintHeaders());
    json.name("strip_hint_headers").value(routing.stripHintHeaders()).name("routes").beginArray();
    for (RouteConfig route : routing.routes()) {
      json.beginObject();
      match(json.name("match"), route.match());
      json.name("pool").value(route.pool()).endObject();
    }
    json.endArray().name("default_pool").value(routing.defaultPool()).endObject();
  }

  private static void match(JsonWriter json, RouteMatch match) {
    json.beginObject()
        .name("header").value(match.header().orElse(null))
        .name("value").value(match.value().orElse(null))
        .name("sender_domain").value(match.senderDomain().orElse(null))
        .name("recipient_domain").value(match.recipientDomain().orElse(null))
        .name("listener").value(match.listener().orElse(null))
        .name("authenticated_user").value(match.authenticatedUser().orElse(null))
        .endObject();
  }

  private static void spool(JsonWriter json, SpoolConfig spool) {
    json.beginObject().name("directory").value(spool.directory().toString()).name("retry").beginObject();
    strings(json.name("schedule"), spool.retry().schedule().stream().map(DurationParser::format).toList());
    duration(json.name("max_age"), spool.retry().maxAge());
    json.endObject().name("max_active").value(spool.maxActive()).endObject();
  }

  private static void admin(JsonWriter json, AdminConfig admin) {
    json.beginObject()
        .name("enabled").value(admin.enabled())
        .name("address").value(admin.address().toString());
    secret(json.name("token"), admin.token());
    json.endObject();
  }
}
