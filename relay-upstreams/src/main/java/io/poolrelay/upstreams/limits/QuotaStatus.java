package io.poolrelay.upstreams.limits;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A snapshot of one upstream's quota, for display and for deciding when to try again.
 *
 * @param usedLastHour recipients accepted in the rolling hour
 * @param hourlyLimit the hourly limit, if any
 * @param usedLast24Hours recipients accepted in the rolling 24 hours, with what the provider account sent
 *     elsewhere when its quota binds
 * @param dailyCap the effective daily cap: the smallest of daily_limit, today's warmup cap and the
 *     provider account's quota, if any
 * @param usedToday recipients accepted since UTC midnight
 * @param warmupAllowance how much of today's warmup cap may have gone by now, if a warmup applies
 * @param reserved recipients reserved by deliveries in flight
 * @param binding the limit with the least room left ({@link Binding#NONE} without limits)
 * @param freesIn ZERO if one more recipient fits now; otherwise an estimate (assuming reservations in
 *     flight are committed in full) of how long until one does
 */
public record QuotaStatus(
    long usedLastHour,
    OptionalLong hourlyLimit,
    long usedLast24Hours,
    OptionalLong dailyCap,
    long usedToday,
    OptionalLong warmupAllowance,
    long reserved,
    Binding binding,
    Duration freesIn) {

  /** Which limit is closest to being (or is) exhausted. */
  public enum Binding {
    NONE,
    HOURLY,
    DAILY,
    WARMUP_CAP,
    WARMUP_PACE,
    /** The provider account's daily quota (SES {@code Max24HourSend}). */
    ACCOUNT
  }

  public QuotaStatus {
    Objects.requireNonNull(hourlyLimit, "hourlyLimit");
    Objects.requireNonNull(dailyCap, "dailyCap");
    Objects.requireNonNull(warmupAllowance, "warmupAllowance");
    Objects.requireNonNull(binding, "binding");
    Objects.requireNonNull(freesIn, "freesIn");
  }

  /** Whether one more recipient fits now. */
  public boolean hasRoom() {
    return freesIn.isZero();
  }
}
