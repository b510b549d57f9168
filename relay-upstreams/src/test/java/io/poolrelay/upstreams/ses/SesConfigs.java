package io.poolrelay.upstreams.ses;

import io.poolrelay.config.model.GuardConfig;
import io.poolrelay.config.model.HealthConfig;
import io.poolrelay.config.model.LimitsConfig;
import io.poolrelay.config.model.Secret;
import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.config.model.SesUpstreamConfig;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Short test configs for an SES upstream on a local endpoint: static credentials, no health checks, no
 * limits, small timeouts unless a test sets its own. The upstream is built with the real SDK client
 * ({@link SesClients#create}), as the relay builds it.
 */
final class SesConfigs {

  static final String KEY_ID = "AKIDSESTESTEXAMPLE";
  static final String SECRET = "ses-test-secret";

  // Off in every test config: a probe or a pause would add traffic and timing the tests do not script.
  private static final HealthConfig NO_HEALTH_CHECKS =
      new HealthConfig(false, Duration.ofSeconds(30), Duration.ofSeconds(10), 3, Duration.ofSeconds(30),
          Duration.ofMinutes(10));
  private static final LimitsConfig NO_LIMITS =
      new LimitsConfig(OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty(), 1);
  private static final GuardConfig NO_GUARD =
      new GuardConfig(false, Duration.ofHours(1), 200, 0.03, 0.20, 0.001, Duration.ofHours(1));

  private final URI endpoint;
  private String name = "ses-test";
  private String region = "us-east-1";
  private Optional<String> configurationSet = Optional.empty();
  private Map<String, String> tags = new LinkedHashMap<>();
  private int maxConnections = 4;
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration commandTimeout = Duration.ofSeconds(10);

  private SesConfigs(URI endpoint) {
    this.endpoint = endpoint;
  }

  static SesConfigs at(URI endpoint) {
    return new SesConfigs(endpoint);
  }

  SesConfigs name(String value) {
    name = value;
    return this;
  }

  SesConfigs region(String value) {
    region = value;
    return this;
  }

  SesConfigs configurationSet(String value) {
    configurationSet = Optional.of(value);
    return this;
  }

  /** Fixed tags, in the order given (name, value, name, value, ...). */
  SesConfigs tags(String... namesAndValues) {
    tags = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      tags.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return this;
  }

  SesConfigs maxConnections(int value) {
    maxConnections = value;
    return this;
  }

  SesConfigs commandTimeout(Duration value) {
    commandTimeout = value;
    return this;
  }

  SesUpstreamConfig build() {
    return new SesUpstreamConfig(name, true, region, Optional.of(new Secret(KEY_ID)), Optional.of(new Secret(SECRET)),
        Optional.of(endpoint), configurationSet, tags, false, maxConnections, connectTimeout, commandTimeout,
        NO_HEALTH_CHECKS, NO_LIMITS, Optional.empty(), NO_GUARD, SenderRewrite.NONE);
  }

  /** The upstream as the relay builds it: this config and the SDK client made from it. */
  SesUpstream upstream() {
    SesUpstreamConfig config = build();
    return new SesUpstream(config, SesClients.create(config));
  }
}
