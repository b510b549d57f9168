package io.poolrelay.upstreams.health;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When {@link UpstreamHealth} counts an upstream down, how often it checks it and how long it waits.
 *
 * @param failuresToDown consecutive upstream-level failures that mark the upstream down; at least 1
 * @param checkInterval  how often to check an upstream that is up; empty for no active checks
 * @param probeTimeout   a check or probe that hasn't answered by then counts as failed
 * @param coolDown       wait before the first probe of a down upstream
 * @param maxCoolDown    the longest wait between probes as the wait doubles; at least {@code coolDown}
 */
public record HealthTimings(
    int failuresToDown,
    Optional<Duration> checkInterval,
    Duration probeTimeout,
    Duration coolDown,
    Duration maxCoolDown) {

  public HealthTimings {
    Objects.requireNonNull(checkInterval, "checkInterval");
    Objects.requireNonNull(probeTimeout, "probeTimeout");
    Objects.requireNonNull(coolDown, "coolDown");
    Objects.requireNonNull(maxCoolDown, "maxCoolDown");
    if (failuresToDown < 1) {
      throw new IllegalArgumentException("health timings: failuresToDown was " + failuresToDown
          + " but it must be >= 1");
    }
    if (checkInterval.isPresent() && !isPositive(checkInterval.get())) {
      throw new IllegalArgumentException("health timings: checkInterval was " + checkInterval.get()
          + " but it must be positive");
    }
    if (!isPositive(probeTimeout)) {
      throw new IllegalArgumentException("health timings: probeTimeout was " + probeTimeout
          + " but it must be positive");
    }
    if (!isPositive(coolDown) || maxCoolDown.compareTo(coolDown) < 0) {
      throw new IllegalArgumentException("health timings: coolDown " + coolDown + " and maxCoolDown "
          + maxCoolDown + " must be positive, with maxCoolDown >= coolDown");
    }
  }

  private static boolean isPositive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }
}
