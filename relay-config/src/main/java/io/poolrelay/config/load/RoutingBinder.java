package io.poolrelay.config.load;

import io.poolrelay.config.model.RouteConfig;
import io.poolrelay.config.model.RouteMatch;
import io.poolrelay.config.model.RoutingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds the {@code routing:} section. References to pools, listeners and hint headers are checked by
 * the validator once everything is bound.
 */
final class RoutingBinder {

  static final List<String> ROUTING_KEYS = List.of("hint_headers", "strip_hint_headers", "routes", "default_pool");
  static final List<String> ROUTE_KEYS = List.of("match", "pool");
  static final List<String> MATCH_KEYS =
      List.of("header", "value", "sender_domain", "recipient_domain", "listener", "authenticated_user");
  static final List<String> DEFAULT_HINT_HEADERS = List.of("X-Campaign-Type", "X-Campaign", "X-Category");

  RoutingConfig routing(YamlMap top) {
    Optional<YamlMap> found = top.require("routing").flatMap(YamlValue::asMap);
    if (found.isEmpty()) {
      return new RoutingConfig(DEFAULT_HINT_HEADERS, true, List.of(), "");
    }
    YamlMap map = found.get();
    map.allowOnly(ROUTING_KEYS);
    List<String> hintHeaders =
        map.get("hint_headers").map(RoutingBinder::headerNames).orElse(DEFAULT_HINT_HEADERS);
    boolean strip = map.get("strip_hint_headers").flatMap(YamlValue::asBoolean).orElse(true);
    List<RouteConfig> routes = map.get("routes").map(RoutingBinder::routes).orElse(List.of());
    // "" stands for "not readable"; the error is already reported and the validator skips it.
    String defaultPool = map.require("default_pool").flatMap(YamlValue::asNonEmptyString).orElse("");
    return new RoutingConfig(hintHeaders, strip, routes, defaultPool);
  }

  private static List<String> headerNames(YamlValue value) {
    List<String> names = new ArrayList<>();
    for (YamlValue item : value.asList().orElse(List.of())) {
      item.asNonEmptyString().ifPresent(name -> {
        if (isHeaderFieldName(name)) {
          names.add(name);
        } else {
          item.error(item.quoted() + " is not a valid header field name");
        }
      });
    }
    return names;
  }

  /** RFC 5322 section 2.2: printable US-ASCII except the colon. */
  static boolean isHeaderFieldName(String name) {
    return !name.isEmpty() && name.chars().allMatch(c -> c >= 33 && c <= 126 && c != ':');
  }

  private static List<RouteConfig> routes(YamlValue value) {
    List<RouteConfig> routes = new ArrayList<>();
    for (YamlValue item : value.asList().orElse(List.of())) {
      item.asMap().map(RoutingBinder::route).ifPresent(routes::add);
    }
    return routes;
  }

  private static RouteConfig route(YamlMap map) {
    map.allowOnly(ROUTE_KEYS);
    RouteMatch match =
        map.require("match")
            .flatMap(YamlValue::asMap)
            .map(RoutingBinder::match)
            .orElse(new RouteMatch(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
    String pool = map.require("pool").flatMap(YamlValue::asNonEmptyString).orElse("");
    return new RouteConfig(match, pool);
  }

  private static RouteMatch match(YamlMap map) {
    map.allowOnly(MATCH_KEYS);
    Optional<String> header = map.get("header").flatMap(YamlValue::asNonEmptyString);
    Optional<String> value = map.get("value").flatMap(YamlValue::asNonEmptyString);
    Optional<String> senderDomain = map.get("sender_domain").flatMap(YamlValue::asNonEmptyString);
    Optional<String> recipientDomain = map.get("recipient_domain").flatMap(YamlValue::asNonEmptyString);
    Optional<String> listener = map.get("listener").flatMap(YamlValue::asNonEmptyString);
    Optional<String> user = map.get("authenticated_user").flatMap(YamlValue::asNonEmptyString);
    // A header without a value would match every message carrying it, which is rarely meant.
    if (map.has("header") && !map.has("value")) {
      map.missing("value", "required when header is set");
    }
    if (map.has("value") && !map.has("header")) {
      map.missing("header", "required when value is set");
    }
    if (MATCH_KEYS.stream().noneMatch(map::has)) {
      map.error("needs at least one condition (known: " + String.join(", ", MATCH_KEYS) + ")");
    }
    return new RouteMatch(header, value, senderDomain, recipientDomain, listener, user);
  }
}
