package io.poolrelay.upstreams.health;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An upstream's health as an operator sees it.
 *
 * @param reason              why it is in this state ({@code 3 consecutive failures, last: ...})
 * @param since               when it entered this state
 * @param until               when a pause ends; empty for other states
 * @param consecutiveFailures upstream-level failures since the last success
 * @param lastError           the most recent upstream-level failure, if any was seen
 */
public record HealthStatus(
    HealthState state,
    String reason,
    Instant since,
    Optional<Instant> until,
    int consecutiveFailures,
    Optional<String> lastError) {

  public HealthStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(lastError, "lastError");
    if (until.isPresent() != (state == HealthState.PAUSED)) {
      throw new IllegalArgumentException("only a pause has an end: " + state + " until " + until);
    }
  }

  public boolean isUsable() {
    return state == HealthState.UP;
  }
}
