package io.poolrelay.upstreams.limits;

import java.time.Duration;
import java.time.LocalDate;
import java.util.OptionalLong;

/**
 * A warmup that grows by a factor per step ({@code warmup: { start, initial_daily: 50, growth: 1.5, until:
 * 50000 }}): step {@code d} caps at {@code round(initialDaily * growth^d)}, at most {@code until}. The first
 * step that reaches {@code until} is the last one; after it the warmup is over.
 */
public final class RampWarmup extends WarmupSchedule {

  private final long initialDaily;
  private final double growth;
  private final long until;

  public RampWarmup(LocalDate start, long initialDaily, double growth, long until) {
    this(start, initialDaily, growth, until, Duration.ofHours(1));
  }

  /** @param headStart how much of the day's share may go ahead of the clock (see {@link #allowanceUntil}) */
  public RampWarmup(LocalDate start, long initialDaily, double growth, long until, Duration headStart) {
    super(start, headStart);
    if (initialDaily < 1) {
      throw new IllegalArgumentException("initialDaily must be >= 1, was " + initialDaily);
    }
    if (!(growth > 1) || Double.isInfinite(growth)) {
      throw new IllegalArgumentException("growth must be > 1, was " + growth);
    }
    if (until < initialDaily) {
      throw new IllegalArgumentException("until (" + until + ") must be >= initialDaily (" + initialDaily + ")");
    }
    this.initialDaily = initialDaily;
    this.growth = growth;
    this.until = until;
  }

  @Override
  OptionalLong capOfStep(int step) {
    if (step > 0 && rawCap(step - 1) >= until) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.min(rawCap(step), until));
  }

  private long rawCap(int step) {
    double cap = initialDaily * Math.pow(growth, step);
    return cap >= until ? until : Math.round(cap);
  }
}
