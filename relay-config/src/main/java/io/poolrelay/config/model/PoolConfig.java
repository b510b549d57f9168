package io.poolrelay.config.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named group of upstreams. Mail routed here leaves only through these members, or through the
 * pool named in {@code fallback} when the operator wrote one; otherwise it waits in the spool.
 */
public record PoolConfig(
    String name, SelectionStrategy strategy, List<PoolMember> members, Optional<String> fallback) {

  public PoolConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(strategy, "strategy");
    members = List.copyOf(members);
    Objects.requireNonNull(fallback, "fallback");
  }
}
