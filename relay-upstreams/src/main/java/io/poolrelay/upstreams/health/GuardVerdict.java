package io.poolrelay.upstreams.health;

import java.time.Duration;
import java.util.Objects;

/**
 * A reputation guard's decision that the upstream must pause.
 *
 * @param reason  the figures, such as {@code guard: bounce rate 4.2% (21 of 500 in 1h) over 3%}
 * @param figures what the guard saw when it decided
 */
public record GuardVerdict(String upstream, String reason, Duration pauseFor, GuardStatus figures) {

  public GuardVerdict {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(pauseFor, "pauseFor");
    Objects.requireNonNull(figures, "figures");
  }
}
