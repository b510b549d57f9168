package io.poolrelay.config.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A warmup written as one daily limit per day ({@code daily: [50, 100, 200]}): day n from {@code start}
 * may send {@code daily[n]}; after the last step the warmup is over.
 *
 * @param daily at least one step, each at least 1, never smaller than the one before
 */
public record StepWarmup(LocalDate start, List<Long> daily) implements WarmupConfig {

  public StepWarmup {
    Objects.requireNonNull(start, "start");
    daily = List.copyOf(daily);
  }
}
