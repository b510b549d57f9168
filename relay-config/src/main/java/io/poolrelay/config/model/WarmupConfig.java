package io.poolrelay.config.model;

import java.time.LocalDate;

/**
 * A daily volume that grows from a start date while a new sending address builds its reputation
 * ({@code warmup:}). Written either as explicit steps or as a geometric ramp.
 */
public sealed interface WarmupConfig permits StepWarmup, RampWarmup {

  /** Day one of the warmup; the limits count from this date. */
  LocalDate start();
}
