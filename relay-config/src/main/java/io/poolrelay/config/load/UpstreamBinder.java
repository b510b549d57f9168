package io.poolrelay.config.load;

import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.config.model.Secret;
import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.config.model.TlsMode;
import io.poolrelay.config.model.UpstreamConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Binds the {@code upstreams:} section: a map from name to an SMTP, SES or file upstream. */
final class UpstreamBinder {

  static final List<String> COMMON_KEYS = List.of("type", "enabled");
  // Health, limits, warmup and guard mean the same for any type; listed after the type's own keys.
  static final List<String> SHARED_KEYS =
      Stream.of(List.of("health"), TrafficBinder.LIMIT_KEYS, List.of("warmup", "guard"), RewriteBinder.KEYS)
          .flatMap(List::stream)
          .toList();
  static final List<String> SMTP_KEYS =
      List.of(
          "host",
          "port",
          "tls",
          "tls_verify",
          "ca_file",
          "username",
          "password",
          "max_connections",
          "max_messages_per_connection",
          "connect_timeout",
          "command_timeout",
          "data_timeout",
          "idle_timeout",
          "helo_name",
          "failover_on");
  static final List<String> FILE_KEYS = List.of("directory");
  static final List<String> TYPES = List.of("smtp", "ses", "file");

  static final TlsMode DEFAULT_TLS = TlsMode.STARTTLS;
  static final int DEFAULT_MAX_CONNECTIONS = 10;
  static final int DEFAULT_MAX_MESSAGES_PER_CONNECTION = 100;
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
  static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);
  static final Duration DEFAULT_DATA_TIMEOUT = Duration.ofSeconds(120);
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final BindContext context;
  private final HealthBinder healthBinder = new HealthBinder();
  private final TrafficBinder trafficBinder = new TrafficBinder();
  private final RewriteBinder rewriteBinder = new RewriteBinder();
  private final SesUpstreamBinder sesBinder = new SesUpstreamBinder();

  UpstreamBinder(BindContext context) {
    this.context = context;
  }

  Map<String, UpstreamConfig> upstreams(YamlMap top) {
    Map<String, UpstreamConfig> upstreams = new LinkedHashMap<>();
    Optional<YamlMap> section = top.require("upstreams").flatMap(YamlValue::asMap);
    if (section.isEmpty()) {
      return upstreams;
    }
    List<Map.Entry<String, YamlValue>> entries = section.get().entries();
    if (entries.isEmpty()) {
      top.get("upstreams").ifPresent(v -> v.error("must define at least one upstream"));
    }
    section.get().checkKeysAreNames();
    for (Map.Entry<String, YamlValue> entry : entries) {
      upstreams.put(entry.getKey(), upstream(entry.getKey(), entry.getValue()));
    }
    return upstreams;
  }

  /**
   * An upstream that cannot be read still gets a placeholder, so that pools naming it are not also
   * reported as naming an unknown upstream.
   */
  private UpstreamConfig upstream(String name, YamlValue value) {
    FileUpstreamConfig placeholder =
        new FileUpstreamConfig(
            name,
            true,
            Path.of(""),
            HealthBinder.defaultHealth(false),
            TrafficBinder.noLimits(),
            Optional.empty(),
            HealthBinder.defaultGuard(),
            SenderRewrite.NONE);
    Optional<YamlMap> found = value.asMap();
    if (found.isEmpty()) {
      return placeholder;
    }
    YamlMap map = found.get();
    Optional<YamlValue> typeValue = map.require("type");
    Optional<String> type = typeValue.flatMap(YamlValue::asNonEmptyString);
    if (type.isPresent() && !TYPES.contains(type.get())) {
      typeValue.get().error(
          "unknown upstream type " + typeValue.get().quoted() + " (known: " + String.join(", ", TYPES) + ")");
    }
    switch (type.orElse("")) {
      case "smtp" -> {
        map.allowOnly(keys(SMTP_KEYS));
        return smtp(name, map);
      }
      case "ses" -> {
        map.allowOnly(keys(SesUpstreamBinder.KEYS));
        // SES is checked with a signed GetAccount call, so health checks are on as for SMTP.
        return sesBinder.ses(map, new SesUpstreamBinder.Common(name, enabled(map), healthBinder.health(map, true),
            trafficBinder.limits(map), trafficBinder.warmup(map), healthBinder.guard(map), rewriteBinder.rewrite(map)));
      }
      case "file" -> {
        map.allowOnly(keys(FILE_KEYS));
        return file(name, map);
      }
      default -> {
        // Without a known type, any key some type knows is accepted rather than guessed at.
        map.allowOnly(keys(Stream.of(SMTP_KEYS, SesUpstreamBinder.KEYS, FILE_KEYS).flatMap(List::stream)
            .distinct().toList()));
        return placeholder;
      }
    }
  }

  private static List<String> keys(List<String> specific) {
    return Stream.of(COMMON_KEYS, specific, SHARED_KEYS).flatMap(List::stream).toList();
  }

  private static boolean enabled(YamlMap map) {
    return map.get("enabled").flatMap(YamlValue::asBoolean).orElse(true);
  }

  private FileUpstreamConfig file(String name, YamlMap map) {
    Path directory = map.require("directory").flatMap(YamlValue::asPath).orElse(Path.of(""));
    // Writing to a local directory fails at the message, not beforehand: nothing to probe by default.
    return new FileUpstreamConfig(
        name,
        enabled(map),
        directory,
        healthBinder.health(map, false),
        trafficBinder.limits(map),
        trafficBinder.warmup(map),
        healthBinder.guard(map),
        rewriteBinder.rewrite(map));
  }

  private SmtpUpstreamConfig smtp(String name, YamlMap map) {
    boolean enabled = enabled(map);
    String host = map.require("host").flatMap(YamlValue::asNonEmptyString).orElse("");
    TlsMode tls = map.get("tls").flatMap(v -> v.asEnum(TlsMode.class)).orElse(DEFAULT_TLS);
    int port = map.get("port").flatMap(v -> v.asInt(1, 65535)).orElse(defaultPort(tls));
    boolean tlsVerify = map.get("tls_verify").flatMap(YamlValue::asBoolean).orElse(true);
    Optional<Path> caFile = map.get("ca_file").flatMap(YamlValue::asReadableFile);
    Optional<String> username = map.get("username").flatMap(YamlValue::asNonEmptyString);
    Optional<Secret> password = map.get("password").flatMap(YamlValue::asSecret);
    credentialsTogether(map);
    int maxConnections =
        map.get("max_connections").flatMap(v -> v.asInt(1, Integer.MAX_VALUE)).orElse(DEFAULT_MAX_CONNECTIONS);
    int maxMessages =
        map.get("max_messages_per_connection")
            .flatMap(v -> v.asInt(1, Integer.MAX_VALUE))
            .orElse(DEFAULT_MAX_MESSAGES_PER_CONNECTION);
    Duration connectTimeout = duration(map, "connect_timeout", DEFAULT_CONNECT_TIMEOUT);
    Duration commandTimeout = duration(map, "command_timeout", DEFAULT_COMMAND_TIMEOUT);
    Duration dataTimeout = duration(map, "data_timeout", DEFAULT_DATA_TIMEOUT);
    Duration idleTimeout = duration(map, "idle_timeout", DEFAULT_IDLE_TIMEOUT);
    String heloName = map.get("helo_name").flatMap(YamlValue::asNonEmptyString).orElse(context.defaultHostname());
    Set<Integer> failoverOn = map.get("failover_on").map(UpstreamBinder::replyCodes).orElse(Set.of());
    return new SmtpUpstreamConfig(
        name, enabled, host, port, tls, tlsVerify, caFile, username, password, maxConnections, maxMessages,
        connectTimeout, commandTimeout, dataTimeout, idleTimeout, heloName, failoverOn,
        healthBinder.health(map, true), trafficBinder.limits(map), trafficBinder.warmup(map),
        healthBinder.guard(map), rewriteBinder.rewrite(map));
  }

  static int defaultPort(TlsMode tls) {
    return switch (tls) {
      case NONE -> 25;
      case STARTTLS -> 587;
      case IMPLICIT -> 465;
    };
  }

  private static void credentialsTogether(YamlMap map) {
    // AUTH with half a credential can only fail at the first delivery; say so at startup instead.
    if (map.has("username") && !map.has("password")) {
      map.missing("password", "required when username is set");
    }
    if (map.has("password") && !map.has("username")) {
      map.missing("username", "required when password is set");
    }
  }

  private static Duration duration(YamlMap map, String key, Duration fallback) {
    return map.get(key).flatMap(YamlValue::asPositiveDuration).orElse(fallback);
  }

  private static Set<Integer> replyCodes(YamlValue value) {
    Set<Integer> codes = new LinkedHashSet<>();
    for (YamlValue item : value.asList().orElse(List.of())) {
      item.asInt(500, 599).ifPresent(codes::add);
    }
    return codes;
  }
}
