package io.poolrelay.server.routing;

import java.util.List;

/**
 * The pool chosen and why.
 *
 * @param pool         the pool's name
 * @param routeIndex   the index in {@code routing.routes} that matched, or -1 for the default pool
 * @param explanation  one line per route checked, saying whether and why it matched
 */
public record RouteDecision(String pool, int routeIndex, List<String> explanation) {

  public RouteDecision {
    explanation = List.copyOf(explanation);
  }

  public boolean isDefault() {
    return routeIndex < 0;
  }

  /** {@code route[2]} or {@code default_pool}, for log lines. */
  public String source() {
    return isDefault() ? "default_pool" : "routes[" + routeIndex + "]";
  }
}
