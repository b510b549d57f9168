package io.poolrelay.server.reload;

import io.poolrelay.server.delivery.PoolCapacity;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** The capacity of the configuration in force at each call, so waiting mail follows a reload. */
public final class ActivePoolCapacity implements PoolCapacity {

  private final Supplier<ActiveConfig> active;

  public ActivePoolCapacity(Supplier<ActiveConfig> active) {
    this.active = active;
  }

  @Override
  public long headroom(String pool, Instant now) {
    return active.get().capacity().headroom(pool, now);
  }

  @Override
  public Optional<Instant> nextChance(String pool, Instant now) {
    return active.get().capacity().nextChance(pool, now);
  }
}
