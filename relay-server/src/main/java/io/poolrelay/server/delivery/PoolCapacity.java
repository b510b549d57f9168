package io.poolrelay.server.delivery;

import java.time.Instant;
import java.util.Optional;

/** How much a pool can take now, and when it may take more: what the waiting room releases by. */
public interface PoolCapacity {

  /**
   * About how many more messages the pool (with its fallback pools) could take at {@code now}; 0 when
   * every member is down, paused, disabled or capped.
   */
  long headroom(String pool, Instant now);

  /**
   * The earliest time a member of the pool (or of its fallback pools) may take mail again; empty when
   * only an event can bring one back (a probe that passes, a resume, a reload).
   */
  Optional<Instant> nextChance(String pool, Instant now);
}
