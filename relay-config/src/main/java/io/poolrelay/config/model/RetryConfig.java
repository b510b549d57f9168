package io.poolrelay.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When a deferred message is tried again: after the n-th failed attempt it waits
 * {@code schedule[n-1]}, and the last step repeats. After {@code maxAge} in the queue a message
 * that is still deferred fails permanently.
 */
public record RetryConfig(List<Duration> schedule, Duration maxAge) {

  public RetryConfig {
    schedule = List.copyOf(schedule);
    Objects.requireNonNull(maxAge, "maxAge");
  }
}
