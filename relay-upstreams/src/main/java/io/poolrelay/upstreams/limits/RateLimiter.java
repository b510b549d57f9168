package io.poolrelay.upstreams.limits;

import java.time.Duration;
import java.time.Instant;

/**
 * A smooth rate with a small burst, by the generic cell rate algorithm (GCRA, as in KumoMTA {@code
 * crates/throttle}). It keeps one number, the theoretical arrival time (TAT) of the next event if events
 * came exactly at the rate. An event at {@code now} is allowed when {@code max(TAT, now) + interval - now
 * <= burst * interval}; it then moves TAT on by one interval.
 *
 * <p>In any period {@code P}, at most {@code rate * P + burst} events are allowed: after an idle spell at
 * most {@code burst} go at once, then one per {@code 1 / rate} seconds. Thread-safe.
 */
public final class RateLimiter {

  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final double rate;
  private final int burst;
  private final long intervalNanos;
  private final long toleranceNanos;
  /** Theoretical arrival time, in nanoseconds since the epoch; MIN_VALUE before the first event. */
  private long tatNanos = Long.MIN_VALUE;

  /**
   * @param rate events per second, more than zero
   * @param burst how many events may go back to back after an idle spell, at least 1
   */
  public RateLimiter(double rate, int burst) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be > 0 per second, was " + rate);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1, was " + burst);
    }
    this.rate = rate;
    this.burst = burst;
    this.intervalNanos = Math.max(1, Math.round(NANOS_PER_SECOND / rate));
    this.toleranceNanos = Math.multiplyExact(intervalNanos, (long) burst);
  }

  public double rate() {
    return rate;
  }

  public int burst() {
    return burst;
  }

  /** The spacing between events at the rate. */
  public Duration interval() {
    return Duration.ofNanos(intervalNanos);
  }

  /**
   * Takes one slot if there is one at {@code now} and returns {@link Duration#ZERO}; otherwise takes
   * nothing and returns how long until the next slot.
   */
  public synchronized Duration tryAcquire(Instant now) {
    long nowNanos = nanos(now);
    long newTat = Math.max(tatNanos, nowNanos) + intervalNanos;
    long wait = newTat - toleranceNanos - nowNanos;
    if (wait > 0) {
      return Duration.ofNanos(wait);
    }
    tatNanos = newTat;
    return Duration.ZERO;
  }

  /** How many slots are free at {@code now}, back to back (at most {@code burst}); takes none. */
  public synchronized int available(Instant now) {
    long nowNanos = nanos(now);
    long earliest = Math.max(tatNanos, nowNanos);
    long free = (nowNanos + toleranceNanos - earliest) / intervalNanos;
    return (int) Math.max(0, Math.min(burst, free));
  }

  /** How long until a slot is free ({@link Duration#ZERO} if one is now); takes none. */
  public synchronized Duration timeUntilNext(Instant now) {
    long nowNanos = nanos(now);
    long wait = Math.max(tatNanos, nowNanos) + intervalNanos - toleranceNanos - nowNanos;
    return wait > 0 ? Duration.ofNanos(wait) : Duration.ZERO;
  }

  private static long nanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }
}
