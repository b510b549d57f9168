package io.poolrelay.config.model;

import java.util.Objects;

/** One entry of {@code routing.routes}: when {@code match} holds, the message goes to {@code pool}. */
public record RouteConfig(RouteMatch match, String pool) {

  public RouteConfig {
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(pool, "pool");
  }
}
