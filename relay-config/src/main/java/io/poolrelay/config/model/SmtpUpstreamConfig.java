package io.poolrelay.config.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An SMTP server the relay hands mail to.
 *
 * @param tlsVerify      verify the server's certificate chain and host name (on unless turned off)
 * @param caFile         PEM file of CAs to trust instead of the JVM's defaults
 * @param username       AUTH is used when present
 * @param password       required with {@code username}
 * @param maxConnections connections kept open to this upstream at once
 * @param maxMessagesPerConnection a connection is closed after this many transactions
 * @param connectTimeout TCP (and implicit TLS) connect
 * @param commandTimeout waiting for any reply except the one after the final dot
 * @param dataTimeout    waiting for the reply to the final dot
 * @param idleTimeout    an idle pooled connection is closed after this long
 * @param heloName       the name sent in EHLO
 * @param failoverOn     RCPT reply codes (5xx) that send the recipient to the next pool member
 *                       instead of failing it
 * @param health         active health checks
 * @param limits         hourly, daily and rate limits
 * @param warmup         the warmup schedule, if any
 * @param guard          the reputation guard
 * @param rewrite        envelope sender and From rewrites for what this upstream sends
 */
public record SmtpUpstreamConfig(
    String name,
    boolean enabled,
    String host,
    int port,
    TlsMode tls,
    boolean tlsVerify,
    Optional<Path> caFile,
    Optional<String> username,
    Optional<Secret> password,
    int maxConnections,
    int maxMessagesPerConnection,
    Duration connectTimeout,
    Duration commandTimeout,
    Duration dataTimeout,
    Duration idleTimeout,
    String heloName,
    Set<Integer> failoverOn,
    HealthConfig health,
    LimitsConfig limits,
    Optional<WarmupConfig> warmup,
    GuardConfig guard,
    SenderRewrite rewrite)
    implements UpstreamConfig {

  public SmtpUpstreamConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    Objects.requireNonNull(dataTimeout, "dataTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(heloName, "heloName");
    failoverOn = Set.copyOf(failoverOn);
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(rewrite, "rewrite");
  }

  @Override
  public String type() {
    return "smtp";
  }
}
