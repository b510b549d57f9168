package io.poolrelay.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The conditions of one route; every condition present must hold. Header values are globs
 * ({@code *} and {@code ?}) compared case-insensitively; domains compare case-insensitively.
 */
public record RouteMatch(
    Optional<String> header,
    Optional<String> value,
    Optional<String> senderDomain,
    Optional<String> recipientDomain,
    Optional<String> listener,
    Optional<String> authenticatedUser) {

  public RouteMatch {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(senderDomain, "senderDomain");
    Objects.requireNonNull(recipientDomain, "recipientDomain");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(authenticatedUser, "authenticatedUser");
  }
}
