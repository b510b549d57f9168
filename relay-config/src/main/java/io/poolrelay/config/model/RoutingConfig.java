package io.poolrelay.config.model;

import java.util.List;
import java.util.Objects;

/**
 * How a message's pool is chosen.
 *
 * @param hintHeaders      headers read as campaign or category hints
 * @param stripHintHeaders remove those headers before the message is relayed
 * @param routes           checked in order; the first that matches wins
 * @param defaultPool      the mandatory "all mail" pool for messages no route matches
 */
public record RoutingConfig(
    List<String> hintHeaders, boolean stripHintHeaders, List<RouteConfig> routes, String defaultPool) {

  public RoutingConfig {
    hintHeaders = List.copyOf(hintHeaders);
    routes = List.copyOf(routes);
    Objects.requireNonNull(defaultPool, "defaultPool");
  }
}
