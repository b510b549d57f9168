package io.poolrelay.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the operator's commands are accepted ({@code admin:}).
 *
 * @param enabled whether the admin endpoint is offered at all
 * @param address where it listens; loopback unless written
 * @param token   the credential a command must carry; always present when the address is not
 *                loopback (the loader refuses such a configuration otherwise)
 */
public record AdminConfig(boolean enabled, HostPort address, Optional<Secret> token) {

  public AdminConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(token, "token");
  }
}
