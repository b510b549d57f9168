package io.poolrelay.config;

import io.poolrelay.config.model.AdminConfig;
import io.poolrelay.config.model.ListenerConfig;
import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.config.model.RoutingConfig;
import io.poolrelay.config.model.SpoolConfig;
import io.poolrelay.config.model.UpstreamConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole validated configuration. Maps keep the order of the YAML file so that listings and
 * explanations show upstreams and pools the way the operator wrote them.
 */
public record RelayConfig(
    List<ListenerConfig> listeners,
    Map<String, UpstreamConfig> upstreams,
    Map<String, PoolConfig> pools,
    RoutingConfig routing,
    SpoolConfig spool,
    AdminConfig admin) {

  public RelayConfig {
    listeners = List.copyOf(listeners);
    upstreams = Collections.unmodifiableMap(new LinkedHashMap<>(upstreams));
    pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(spool, "spool");
    Objects.requireNonNull(admin, "admin");
  }

  public UpstreamConfig upstream(String name) {
    UpstreamConfig upstream = upstreams.get(name);
    if (upstream == null) {
      throw new IllegalArgumentException("no upstream named '" + name + "'");
    }
    return upstream;
  }

  public PoolConfig pool(String name) {
    PoolConfig pool = pools.get(name);
    if (pool == null) {
      throw new IllegalArgumentException("no pool named '" + name + "'");
    }
    return pool;
  }
}
