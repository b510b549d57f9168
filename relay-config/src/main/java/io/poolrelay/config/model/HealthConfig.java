package io.poolrelay.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Active health checks of one upstream ({@code health:}).
 *
 * @param enabled        whether the relay probes the upstream at all (on for smtp, off for file unless
 *                       written)
 * @param interval       time between two probes
 * @param timeout        a probe that takes longer counts as failed
 * @param failuresToDown consecutive failed probes that mark the upstream down
 * @param coolDown       the first wait before a down upstream is probed again
 * @param maxCoolDown    the longest such wait, however often it keeps failing; at least {@code coolDown}
 */
public record HealthConfig(
    boolean enabled,
    Duration interval,
    Duration timeout,
    int failuresToDown,
    Duration coolDown,
    Duration maxCoolDown) {

  public HealthConfig {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(coolDown, "coolDown");
    Objects.requireNonNull(maxCoolDown, "maxCoolDown");
  }
}
