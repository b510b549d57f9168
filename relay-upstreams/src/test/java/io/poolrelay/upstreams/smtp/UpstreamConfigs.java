package io.poolrelay.upstreams.smtp;

import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.config.model.GuardConfig;
import io.poolrelay.config.model.HealthConfig;
import io.poolrelay.config.model.LimitsConfig;
import io.poolrelay.config.model.Secret;
import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.config.model.TlsMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Short test configs for an upstream on 127.0.0.1: plain text, small timeouts, no AUTH unless asked.
 * Public for the tests of upstreams that wrap an SMTP upstream (rewrite/).
 */
public final class UpstreamConfigs {

  // Off in every test config: a probe or a pause would add traffic and timing the tests do not script.
  private static final HealthConfig NO_HEALTH_CHECKS =
      new HealthConfig(false, Duration.ofSeconds(30), Duration.ofSeconds(10), 3, Duration.ofSeconds(30),
          Duration.ofMinutes(10));
  private static final LimitsConfig NO_LIMITS =
      new LimitsConfig(OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty(), 1);
  private static final GuardConfig NO_GUARD =
      new GuardConfig(false, Duration.ofHours(1), 200, 0.03, 0.20, 0.001, Duration.ofHours(1));

  private String name = "test-upstream";
  private final int port;
  private TlsMode tls = TlsMode.NONE;
  private boolean tlsVerify = true;
  private Optional<Path> caFile = Optional.empty();
  private Optional<String> username = Optional.empty();
  private Optional<Secret> password = Optional.empty();
  private int maxConnections = 2;
  private int maxMessagesPerConnection = 100;
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration commandTimeout = Duration.ofSeconds(5);
  private Duration dataTimeout = Duration.ofSeconds(5);
  private Duration idleTimeout = Duration.ofSeconds(60);
  private String host = "127.0.0.1";
  private Set<Integer> failoverOn = Set.of();

  private UpstreamConfigs(int port) {
    this.port = port;
  }

  public static UpstreamConfigs onPort(int port) {
    return new UpstreamConfigs(port);
  }

  UpstreamConfigs name(String value) {
    name = value;
    return this;
  }

  UpstreamConfigs host(String value) {
    host = value;
    return this;
  }

  UpstreamConfigs tls(TlsMode value) {
    tls = value;
    return this;
  }

  UpstreamConfigs tlsVerify(boolean value) {
    tlsVerify = value;
    return this;
  }

  UpstreamConfigs caFile(Path value) {
    caFile = Optional.of(value);
    return this;
  }

  UpstreamConfigs auth(String user, String secret) {
    username = Optional.of(user);
    password = Optional.of(new Secret(secret));
    return this;
  }

  UpstreamConfigs maxConnections(int value) {
    maxConnections = value;
    return this;
  }

  UpstreamConfigs maxMessagesPerConnection(int value) {
    maxMessagesPerConnection = value;
    return this;
  }

  UpstreamConfigs commandTimeout(Duration value) {
    commandTimeout = value;
    return this;
  }

  UpstreamConfigs dataTimeout(Duration value) {
    dataTimeout = value;
    return this;
  }

  UpstreamConfigs idleTimeout(Duration value) {
    idleTimeout = value;
    return this;
  }

  UpstreamConfigs failoverOn(Integer... codes) {
    failoverOn = Set.of(codes);
    return this;
  }

  public SmtpUpstreamConfig build() {
    return new SmtpUpstreamConfig(name, true, host, port, tls, tlsVerify, caFile, username, password,
        maxConnections, maxMessagesPerConnection, connectTimeout, commandTimeout, dataTimeout, idleTimeout,
        "relay.test", failoverOn, NO_HEALTH_CHECKS, NO_LIMITS, Optional.empty(), NO_GUARD,
        SenderRewrite.NONE);
  }
}
