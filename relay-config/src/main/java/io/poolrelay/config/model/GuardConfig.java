package io.poolrelay.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A reputation guard ({@code guard:}): an upstream whose recent results look like trouble for its
 * sending reputation is paused. Rates are fractions between 0 (exclusive) and 1, written in YAML as
 * {@code 3%} or {@code 0.03}.
 *
 * @param enabled       whether the guard watches the upstream at all
 * @param window        results older than this are not counted
 * @param minSample     below this many results in the window no rate is judged, so a handful of
 *                      bounces cannot pause an upstream
 * @param bounceRate    share of permanently rejected recipients that trips the guard
 * @param deferralRate  share of deferred recipients that trips the guard
 * @param complaintRate share of complaints that trips the guard
 * @param pauseFor      how long a tripped upstream stays paused
 */
public record GuardConfig(
    boolean enabled,
    Duration window,
    int minSample,
    double bounceRate,
    double deferralRate,
    double complaintRate,
    Duration pauseFor) {

  public GuardConfig {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(pauseFor, "pauseFor");
  }
}
