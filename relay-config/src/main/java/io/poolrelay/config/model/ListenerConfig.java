package io.poolrelay.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One SMTP listener.
 *
 * @param name            how logs, routes and metrics refer to it
 * @param address         where it binds
 * @param allowedNetworks clients outside these networks may not relay (loopback only by default)
 * @param maxMessageSize  bytes, announced in EHLO SIZE and enforced on the bytes received
 * @param maxRecipients   RCPT commands accepted per transaction; more get 452
 * @param maxConnections  concurrent sessions on this listener
 * @param idleTimeout     a session that sends nothing for this long is closed
 * @param hostname        the name in the banner, EHLO reply and Received header
 * @param bareLineEndings what to do with bare CR or LF in DATA
 * @param tls             offer STARTTLS with this identity
 * @param auth            offer SMTP AUTH; authenticated clients may relay from outside {@code allowedNetworks}
 */
public record ListenerConfig(
    String name,
    HostPort address,
    List<CidrBlock> allowedNetworks,
    long maxMessageSize,
    int maxRecipients,
    int maxConnections,
    Duration idleTimeout,
    String hostname,
    LineEndingPolicy bareLineEndings,
    Optional<ListenerTlsConfig> tls,
    Optional<ListenerAuthConfig> auth) {

  public ListenerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    allowedNetworks = List.copyOf(allowedNetworks);
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(bareLineEndings, "bareLineEndings");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(auth, "auth");
  }
}
