package io.poolrelay.server.routing;

import io.poolrelay.config.model.RoutingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Routes in order; the first that matches names the pool, else {@code default_pool}. */
public final class Router {

  private final List<Route> routes;
  private final String defaultPool;

  public Router(RoutingConfig config) {
    List<Route> compiled = new ArrayList<>();
    for (int i = 0; i < config.routes().size(); i++) {
      compiled.add(new Route(i, config.routes().get(i)));
    }
    this.routes = List.copyOf(compiled);
    this.defaultPool = config.defaultPool();
  }

  public RouteDecision route(RoutingInput input) {
    List<String> explanation = new ArrayList<>();
    for (Route route : routes) {
      Optional<String> mismatch = route.mismatch(input);
      if (mismatch.isEmpty()) {
        explanation.add("routes[" + route.index() + "] matched: pool " + route.pool());
        return new RouteDecision(route.pool(), route.index(), explanation);
      }
      explanation.add("routes[" + route.index() + "] skipped: " + mismatch.get());
    }
    explanation.add("no route matched: default_pool " + defaultPool);
    return new RouteDecision(defaultPool, -1, explanation);
  }
}
