package io.poolrelay.config.load;

import io.poolrelay.config.model.GuardConfig;
import io.poolrelay.config.model.HealthConfig;
import io.poolrelay.config.model.LimitsConfig;
import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.config.model.Secret;
import io.poolrelay.config.model.SesUpstreamConfig;
import io.poolrelay.config.model.WarmupConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds the keys of a {@code type: ses} upstream, checking names and values against what SES accepts. */
final class SesUpstreamBinder {

  static final List<String> KEYS = List.of(
      "region", "access_key_id", "secret_access_key", "endpoint", "configuration_set", "tags",
      "use_account_quota", "max_connections", "connect_timeout", "command_timeout");

  static final int DEFAULT_MAX_CONNECTIONS = 10;
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);

  /** The tags the relay sets on every message itself. */
  static final Set<String> RESERVED_TAGS = Set.of("pool", "upstream");

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
  // SES's own rules: configuration set names up to 64, tag names and values up to 256, of these characters.
  private static final Pattern CONFIGURATION_SET = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_-]{1,256}");

  /** The parts every upstream type has, bound by the caller. */
  record Common(String name, boolean enabled, HealthConfig health, LimitsConfig limits,
      Optional<WarmupConfig> warmup, GuardConfig guard, SenderRewrite rewrite) {}

  SesUpstreamConfig ses(YamlMap map, Common common) {
    String region = map.require("region").flatMap(SesUpstreamBinder::region).orElse("us-east-1");
    Optional<Secret> keyId = map.get("access_key_id").flatMap(YamlValue::asSecret);
    Optional<Secret> secret = map.get("secret_access_key").flatMap(YamlValue::asSecret);
    if (map.has("access_key_id") && !map.has("secret_access_key")) {
      map.missing("secret_access_key", "required when access_key_id is set");
    }
    if (map.has("secret_access_key") && !map.has("access_key_id")) {
      map.missing("access_key_id", "required when secret_access_key is set");
    }
    Optional<URI> endpoint = map.get("endpoint").flatMap(SesUpstreamBinder::endpoint);
    Optional<String> configurationSet = map.get("configuration_set").flatMap(value -> matching(value,
        CONFIGURATION_SET, "a configuration set name: letters, digits, '_' and '-', at most 64"));
    Map<String, String> tags = map.get("tags").map(SesUpstreamBinder::tags).orElse(Map.of());
    boolean useAccountQuota = map.get("use_account_quota").flatMap(YamlValue::asBoolean).orElse(true);
    int maxConnections = map.get("max_connections").flatMap(v -> v.asInt(1, Integer.MAX_VALUE))
        .orElse(DEFAULT_MAX_CONNECTIONS);
    Duration connectTimeout = map.get("connect_timeout").flatMap(YamlValue::asPositiveDuration)
        .orElse(DEFAULT_CONNECT_TIMEOUT);
    Duration commandTimeout = map.get("command_timeout").flatMap(YamlValue::asPositiveDuration)
        .orElse(DEFAULT_COMMAND_TIMEOUT);
    return new SesUpstreamConfig(common.name(), common.enabled(), region, keyId, secret, endpoint,
        configurationSet, tags, useAccountQuota, maxConnections, connectTimeout, commandTimeout, common.health(),
        common.limits(), common.warmup(), common.guard(), common.rewrite());
  }

  private static Optional<String> region(YamlValue value) {
    return matching(value, REGION, "an AWS region such as us-east-1 or eu-west-1");
  }

  private static Optional<URI> endpoint(YamlValue value) {
    Optional<String> text = value.asNonEmptyString();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text.get());
      if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath()))
          && uri.getRawQuery() == null) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // Reported below, with the same words as any other bad endpoint.
    }
    value.error(value.quoted() + " is not an endpoint such as https://email.us-east-1.amazonaws.com");
    return Optional.empty();
  }

  private static Map<String, String> tags(YamlValue value) {
    Map<String, String> tags = new LinkedHashMap<>();
    Optional<YamlMap> map = value.asMap();
    if (map.isEmpty()) {
      return tags;
    }
    for (Map.Entry<String, YamlValue> entry : map.get().entries()) {
      String tagName = entry.getKey();
      YamlValue tagValue = entry.getValue();
      if (!TAG.matcher(tagName).matches()) {
        tagValue.error("tag name '" + tagName + "' is not allowed by SES: letters, digits, '_' and '-', at most 256");
        continue;
      }
      if (RESERVED_TAGS.contains(tagName)) {
        tagValue.error("tag name '" + tagName + "' is reserved: the relay sets it on every message");
        continue;
      }
      matching(tagValue, TAG, "a tag value: letters, digits, '_' and '-', at most 256")
          .ifPresent(text -> tags.put(tagName, text));
    }
    return tags;
  }

  private static Optional<String> matching(YamlValue value, Pattern pattern, String what) {
    Optional<String> text = value.asNonEmptyString();
    if (text.isPresent() && !pattern.matcher(text.get()).matches()) {
      value.error(value.quoted() + " is not " + what);
      return Optional.empty();
    }
    return text;
  }
}
