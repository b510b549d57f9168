package io.poolrelay.server.admin;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One pool as the admin API shows it.
 *
 * @param fallback the pool it hands mail to when no member can take it, if the operator named one
 * @param members each member with its weight and state (as in {@link UpstreamView#state()})
 * @param queued messages in the spool routed to this pool
 * @param waiting of those, how many wait for a member to have room
 * @param timeToSend about how long the queued messages take to leave at the rates the members' limits
 *     allow: zero when a usable member has no limit, empty when no member can take mail now
 */
public record PoolView(String name, String strategy, Optional<String> fallback, List<Member> members, long queued,
    long waiting, Optional<Duration> timeToSend) {

  /** A pool member. */
  public record Member(String upstream, int weight, String state) {}

  public PoolView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(fallback, "fallback");
    members = List.copyOf(members);
    Objects.requireNonNull(timeToSend, "timeToSend");
  }
}
