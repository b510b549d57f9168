package io.poolrelay.server.admin;

import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.config.model.FromRewrite;
import io.poolrelay.config.model.GuardConfig;
import io.poolrelay.config.model.HealthConfig;
import io.poolrelay.config.model.LimitsConfig;
import io.poolrelay.config.model.RampWarmup;
import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.config.model.SesUpstreamConfig;
import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.config.model.StepWarmup;
import io.poolrelay.config.model.UpstreamConfig;
import io.poolrelay.config.model.WarmupConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One upstream's configuration as JSON for {@link ConfigJson}: the YAML keys, limits flat on the upstream as
 * in the file, the password masked.
 */
final class UpstreamConfigJson {

  private UpstreamConfigJson() {
  }

  static void write(JsonWriter json, UpstreamConfig upstream) {
    json.beginObject().name("type").value(upstream.type()).name("enabled").value(upstream.enabled());
    switch (upstream) {
      case SmtpUpstreamConfig smtp -> smtp(json, smtp);
      case SesUpstreamConfig ses -> ses(json, ses);
      case FileUpstreamConfig file -> json.name("directory").value(file.directory().toString());
    }
    health(json.name("health"), upstream.health());
    limits(json, upstream.limits());
    warmup(json.name("warmup"), upstream.warmup());
    guard(json.name("guard"), upstream.guard());
    rewrite(json, upstream.rewrite());
    json.endObject();
  }

  private static void ses(JsonWriter json, SesUpstreamConfig s) {
    json.name("region").value(s.region());
    ConfigJson.secret(json.name("access_key_id"), s.accessKeyId());
    ConfigJson.secret(json.name("secret_access_key"), s.secretAccessKey());
    json.name("endpoint").value(s.endpoint().map(URI::toString).orElse(null))
        .name("configuration_set").value(s.configurationSet().orElse(null))
        .name("tags").beginObject();
    s.tags().forEach((name, value) -> json.name(name).value(value));
    json.endObject()
        .name("use_account_quota").value(s.useAccountQuota())
        .name("max_connections").value(s.maxConnections());
    ConfigJson.duration(json.name("connect_timeout"), s.connectTimeout());
    ConfigJson.duration(json.name("command_timeout"), s.commandTimeout());
  }

  private static void rewrite(JsonWriter json, SenderRewrite rewrite) {
    json.name("envelope_from").value(rewrite.envelopeFrom().orElse(null)).name("from_rewrite");
    if (rewrite.fromRewrite().isEmpty()) {
      json.nullValue();
      return;
    }
    FromRewrite from = rewrite.fromRewrite().get();
    json.beginObject().name("from").value(from.from())
        .name("keep_original_in_reply_to").value(from.keepOriginalInReplyTo()).endObject();
  }

  private static void smtp(JsonWriter json, SmtpUpstreamConfig s) {
    json.name("host").value(s.host())
        .name("port").value(s.port())
        .name("tls").value(ConfigJson.lower(s.tls()))
        .name("tls_verify").value(s.tlsVerify())
        .name("ca_file").value(s.caFile().map(Path::toString).orElse(null))
        .name("username").value(s.username().orElse(null));
    ConfigJson.secret(json.name("password"), s.password());
    json.name("max_connections").value(s.maxConnections())
        .name("max_messages_per_connection").value(s.maxMessagesPerConnection());
    ConfigJson.duration(json.name("connect_timeout"), s.connectTimeout());
    ConfigJson.duration(json.name("command_timeout"), s.commandTimeout());
    ConfigJson.duration(json.name("data_timeout"), s.dataTimeout());
    ConfigJson.duration(json.name("idle_timeout"), s.idleTimeout());
    json.name("helo_name").value(s.heloName()).name("failover_on").beginArray();
    s.failoverOn().stream().sorted().forEach(json::value);
    json.endArray();
  }

  private static void health(JsonWriter json, HealthConfig h) {
    json.beginObject().name("enabled").value(h.enabled());
    ConfigJson.duration(json.name("interval"), h.interval());
    ConfigJson.duration(json.name("timeout"), h.timeout());
    json.name("failures_to_down").value(h.failuresToDown());
    ConfigJson.duration(json.name("cool_down"), h.coolDown());
    ConfigJson.duration(json.name("max_cool_down"), h.maxCoolDown());
    json.endObject();
  }

  private static void limits(JsonWriter json, LimitsConfig l) {
    json.name("hourly_limit");
    if (l.hourlyLimit().isPresent()) {
      json.value(l.hourlyLimit().getAsLong());
    } else {
      json.nullValue();
    }
    json.name("daily_limit");
    if (l.dailyLimit().isPresent()) {
      json.value(l.dailyLimit().getAsLong());
    } else {
      json.nullValue();
    }
    json.name("max_rate");
    if (l.maxRate().isPresent()) {
      json.value(l.maxRate().getAsDouble());
    } else {
      json.nullValue();
    }
    json.name("burst").value(l.burst());
  }

  private static void warmup(JsonWriter json, Optional<WarmupConfig> warmup) {
    if (warmup.isEmpty()) {
      json.nullValue();
      return;
    }
    json.beginObject().name("start").value(warmup.get().start().toString());
    switch (warmup.get()) {
      case StepWarmup step -> {
        json.name("daily").beginArray();
        step.daily().forEach(json::value);
        json.endArray();
      }
      case RampWarmup ramp -> json.name("initial_daily").value(ramp.initialDaily())
          .name("growth").value(ramp.growth())
          .name("until").value(ramp.until());
    }
    json.endObject();
  }

  private static void guard(JsonWriter json, GuardConfig g) {
    json.beginObject().name("enabled").value(g.enabled());
    ConfigJson.duration(json.name("window"), g.window());
    json.name("min_sample").value(g.minSample())
        .name("bounce_rate").value(g.bounceRate())
        .name("deferral_rate").value(g.deferralRate())
        .name("complaint_rate").value(g.complaintRate());
    ConfigJson.duration(json.name("pause_for"), g.pauseFor());
    json.endObject();
  }
}
