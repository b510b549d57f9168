package io.poolrelay.config.model;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Sending limits of one upstream. Messages are counted per accepted recipient, so one message to
 * three recipients counts three.
 *
 * @param hourlyLimit at most this many in any rolling 60 minutes; empty for no limit
 * @param dailyLimit  at most this many in any rolling 24 hours; empty for no limit
 * @param maxRate     a smooth rate in messages per second (may be fractional); empty for no limit
 * @param burst       how many may go at once above the smooth rate; 1 unless written, and only
 *                    meaningful with {@code maxRate}
 */
public record LimitsConfig(OptionalLong hourlyLimit, OptionalLong dailyLimit, OptionalDouble maxRate, int burst) {

  public LimitsConfig {
    Objects.requireNonNull(hourlyLimit, "hourlyLimit");
    Objects.requireNonNull(dailyLimit, "dailyLimit");
    Objects.requireNonNull(maxRate, "maxRate");
  }

  /** No limit written: the upstream sends as fast as its connections allow. */
  public boolean isEmpty() {
    return hourlyLimit.isEmpty() && dailyLimit.isEmpty() && maxRate.isEmpty();
  }
}
