package io.poolrelay.config.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A warmup written as a geometric ramp: day one may send {@code initialDaily}, each later day
 * {@code growth} times the day before, until the daily volume reaches {@code until}, which ends it.
 *
 * @param initialDaily at least 1
 * @param growth       greater than 1, so the ramp ends
 * @param until        at least {@code initialDaily}
 */
public record RampWarmup(LocalDate start, long initialDaily, double growth, long until) implements WarmupConfig {

  public RampWarmup {
    Objects.requireNonNull(start, "start");
  }
}
