package io.poolrelay.server.delivery;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.config.model.PoolMember;
import io.poolrelay.server.fleet.Fleet;
import io.poolrelay.server.fleet.UpstreamRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A pool's capacity from its members' limits, rates and health, following {@code fallback} the way
 * delivery does: mail that waits for a pool may leave through its fallback, so that capacity counts too.
 */
public final class FleetPoolCapacity implements PoolCapacity {

  private final RelayConfig config;
  private final Fleet fleet;

  public FleetPoolCapacity(RelayConfig config, Fleet fleet) {
    this.config = config;
    this.fleet = fleet;
  }

  @Override
  public long headroom(String pool, Instant now) {
    if (!config.pools().containsKey(pool)) {
      return Long.MAX_VALUE; // routed before a reload removed the pool: let routing decide again
    }
    long total = 0;
    for (UpstreamRuntime member : members(pool)) {
      long room = member.headroom(now);
      total = room > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + room;
    }
    return total;
  }

  @Override
  public Optional<Instant> nextChance(String pool, Instant now) {
    if (!config.pools().containsKey(pool)) {
      return Optional.of(now);
    }
    Optional<Instant> earliest = Optional.empty();
    for (UpstreamRuntime member : members(pool)) {
      Optional<Instant> at = member.availableAt(now);
      if (at.isPresent() && (earliest.isEmpty() || at.get().isBefore(earliest.get()))) {
        earliest = at;
      }
    }
    return earliest;
  }

  /**
   * About how long {@code messages} take to leave {@code pool} at the rates its members' limits allow:
   * zero when a usable member has no limit, empty when no member can take mail now.
   */
  public Optional<Duration> timeToSend(String pool, long messages, Instant now) {
    if (messages == 0) {
      return Optional.of(Duration.ZERO);
    }
    double perSecond = 0;
    for (UpstreamRuntime member : members(pool)) {
      OptionalDouble rate = member.allowedRate(now);
      if (rate.isEmpty()) {
        return Optional.of(Duration.ZERO);
      }
      perSecond += rate.getAsDouble();
    }
    if (perSecond <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis((long) Math.ceil(messages / perSecond * 1000)));
  }

  /** The members of {@code pool} and of its fallback chain. */
  private Set<UpstreamRuntime> members(String pool) {
    Set<UpstreamRuntime> members = new LinkedHashSet<>();
    Set<String> seen = new LinkedHashSet<>();
    Optional<String> next = Optional.of(pool);
    while (next.isPresent() && seen.add(next.get())) {
      PoolConfig poolConfig = config.pools().get(next.get());
      if (poolConfig == null) {
        break;
      }
      for (PoolMember member : poolConfig.members()) {
        fleet.find(member.upstream()).ifPresent(members::add);
      }
      next = poolConfig.fallback();
    }
    return members;
  }
}
