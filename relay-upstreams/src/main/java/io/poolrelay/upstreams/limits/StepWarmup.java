package io.poolrelay.upstreams.limits;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;

/**
 * A warmup from an explicit list of daily caps ({@code warmup: { start, daily: [50, 100, 200, ...] }}).
 * After the last step only daily_limit applies.
 */
public final class StepWarmup extends WarmupSchedule {

  private final List<Long> daily;

  public StepWarmup(LocalDate start, List<Long> daily) {
    this(start, daily, Duration.ofHours(1));
  }

  /** @param headStart how much of the day's share may go ahead of the clock (see {@link #allowanceUntil}) */
  public StepWarmup(LocalDate start, List<Long> daily, Duration headStart) {
    super(start, headStart);
    this.daily = List.copyOf(daily);
    if (this.daily.isEmpty()) {
      throw new IllegalArgumentException("a step warmup needs at least one daily cap");
    }
    for (Long cap : this.daily) {
      if (cap < 1) {
        throw new IllegalArgumentException("daily caps must be >= 1, was " + cap);
      }
    }
  }

  public List<Long> daily() {
    return daily;
  }

  @Override
  OptionalLong capOfStep(int step) {
    return step < daily.size() ? OptionalLong.of(daily.get(step)) : OptionalLong.empty();
  }
}
