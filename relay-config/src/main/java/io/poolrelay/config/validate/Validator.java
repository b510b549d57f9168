package io.poolrelay.config.validate;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.ListenerConfig;
import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.config.model.PoolMember;
import io.poolrelay.config.model.RouteConfig;
import io.poolrelay.config.model.RouteMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks what no single section can check alone: that names refer to things that exist, that names and
 * addresses are unique, and that pool fallbacks end somewhere.
 *
 * <p>An empty reference ({@code ""}) means the binder could not read it and has already said so; it is
 * skipped here so that one mistake is reported once.
 */
public final class Validator {

  public List<ConfigError> validate(RelayConfig config, SourceLines lines) {
    List<ConfigError> errors = new ArrayList<>();
    new Run(config, lines, errors).all();
    return List.copyOf(errors);
  }

  /** One validation pass; holds what every check needs so the methods stay short. */
  private record Run(RelayConfig config, SourceLines lines, List<ConfigError> errors) {

    void all() {
      listeners();
      pools();
      fallbackLoops();
      routing();
    }

    void error(String path, String message) {
      errors.add(new ConfigError(path, lines.lineOf(path), message));
    }

    void listeners() {
      Map<String, Integer> names = new HashMap<>();
      Map<String, Integer> addresses = new HashMap<>();
      List<ListenerConfig> listeners = config.listeners();
      for (int i = 0; i < listeners.size(); i++) {
        ListenerConfig listener = listeners.get(i);
        String path = "listeners[" + i + "]";
        if (!listener.name().isEmpty()) {
          Integer first = names.putIfAbsent(listener.name(), i);
          if (first != null) {
            error(path + ".name", "name '" + listener.name() + "' is already used by listeners[" + first + "]");
          }
        }
        // Port 0 asks the OS for any free port, so two such listeners never collide.
        if (!listener.address().host().isEmpty() && listener.address().port() != 0) {
          String key = listener.address().host().toLowerCase(Locale.ROOT) + " " + listener.address().port();
          Integer first = addresses.putIfAbsent(key, i);
          if (first != null) {
            error(
                path + ".address",
                "address " + listener.address() + " is already used by listeners[" + first + "]");
          }
        }
      }
    }

    void pools() {
      for (PoolConfig pool : config.pools().values()) {
        String path = "pools." + pool.name();
        Map<String, Integer> seen = new HashMap<>();
        List<PoolMember> members = pool.members();
        for (int i = 0; i < members.size(); i++) {
          String upstream = members.get(i).upstream();
          if (upstream.isEmpty()) {
            continue;
          }
          String memberPath = path + ".members[" + i + "].upstream";
          if (!config.upstreams().containsKey(upstream)) {
            error(memberPath, "unknown upstream '" + upstream + "'");
          }
          Integer first = seen.putIfAbsent(upstream, i);
          if (first != null) {
            error(memberPath, "upstream '" + upstream + "' is already a member of this pool (members[" + first + "])");
          }
        }
        pool.fallback().ifPresent(fallback -> {
          if (fallback.equals(pool.name())) {
            error(path + ".fallback", "must name another pool, not this one");
          } else if (!config.pools().containsKey(fallback)) {
            error(path + ".fallback", "unknown pool '" + fallback + "'");
          }
        });
      }
    }

    /** Each loop is reported once, at the pool of the loop written first. */
    void fallbackLoops() {
      Set<String> reported = new HashSet<>();
      for (String start : config.pools().keySet()) {
        List<String> chain = new ArrayList<>(List.of(start));
        String current = start;
        while (true) {
          Optional<String> next = config.pools().get(current).fallback();
          if (next.isEmpty() || next.get().equals(current) || !config.pools().containsKey(next.get())) {
            break;
          }
          if (next.get().equals(start)) {
            if (chain.stream().noneMatch(reported::contains)) {
              reported.addAll(chain);
              error("pools." + start + ".fallback", "fallback chain loops: " + String.join(" -> ", chain) + " -> " + start);
            }
            break;
          }
          if (chain.contains(next.get())) {
            break;
          }
          chain.add(next.get());
          current = next.get();
        }
      }
    }

    void routing() {
      String defaultPool = config.routing().defaultPool();
      if (!defaultPool.isEmpty() && !config.pools().containsKey(defaultPool)) {
        error("routing.default_pool", "unknown pool '" + defaultPool + "'");
      }
      Set<String> listenerNames = new HashSet<>();
      config.listeners().forEach(l -> listenerNames.add(l.name()));
      Set<String> hintHeaders = new HashSet<>();
      config.routing().hintHeaders().forEach(h -> hintHeaders.add(h.toLowerCase(Locale.ROOT)));
      List<RouteConfig> routes = config.routing().routes();
      for (int i = 0; i < routes.size(); i++) {
        String path = "routing.routes[" + i + "]";
        RouteConfig route = routes.get(i);
        if (!route.pool().isEmpty() && !config.pools().containsKey(route.pool())) {
          error(path + ".pool", "unknown pool '" + route.pool() + "'");
        }
        RouteMatch match = route.match();
        match.header().ifPresent(header -> {
          // Only hint headers are kept for routing, so a route on any other header could never match.
          if (!hintHeaders.contains(header.toLowerCase(Locale.ROOT))) {
            error(
                path + ".match.header",
                "header '" + header + "' is not in routing.hint_headers ("
                    + String.join(", ", config.routing().hintHeaders()) + ")");
          }
        });
        match.listener().ifPresent(listener -> {
          if (!listenerNames.contains(listener)) {
            error(path + ".match.listener", "unknown listener '" + listener + "'");
          }
        });
      }
    }
  }
}
