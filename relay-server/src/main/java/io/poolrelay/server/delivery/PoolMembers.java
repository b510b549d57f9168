package io.poolrelay.server.delivery;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.config.model.PoolMember;
import io.poolrelay.upstreams.selection.Candidate;
import io.poolrelay.upstreams.selection.UpstreamSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The pools at run time: for each pool, its selector and members, and for each member whether it may
 * be used now (disabled, down, paused and capped members are skipped, and the others share their turns). Only members of the pool are ever offered; mail leaves another way only through a
 * {@code fallback} the operator wrote.
 */
public final class PoolMembers {

  /** The usable members in try order, and each member skipped with the reason. */
  public record Choice(List<Candidate> order, List<String> skipped) {}

  private final RelayConfig config;
  private final MemberAvailability availability;
  private final Map<String, UpstreamSelector> selectors = new HashMap<>();

  public PoolMembers(RelayConfig config, RandomGenerator random, MemberAvailability availability) {
    this.config = config;
    this.availability = availability;
    for (PoolConfig pool : config.pools().values()) {
      selectors.put(pool.name(), UpstreamSelector.forStrategy(pool.strategy(), random));
    }
  }

  public PoolConfig pool(String name) {
    return config.pool(name);
  }

  /** The usable members of {@code pool} in the order to try them for the next message. */
  public Choice choose(String pool) {
    PoolConfig poolConfig = config.pool(pool);
    List<Candidate> usable = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (PoolMember member : poolConfig.members()) {
      Optional<String> reason = availability.unavailable(member.upstream());
      if (reason.isPresent()) {
        skipped.add(member.upstream() + ": " + reason.get());
        continue;
      }
      usable.add(new Candidate(member.upstream(), member.weight()));
    }
    return new Choice(selectors.get(pool).order(usable), skipped);
  }
}
