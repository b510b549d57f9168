package io.poolrelay.server.delivery;

import io.poolrelay.config.model.RetryConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * When to try again: after the n-th failed attempt wait {@code schedule[n-1]}, the last step
 * repeating; a message older than {@code max_age} is given up. Pure: time is passed in.
 */
public final class RetryPolicy {

  private final RetryConfig config;

  public RetryPolicy(RetryConfig config) {
    this.config = config;
  }

  /** The wait after {@code attempts} failed attempts (1 or more). */
  public Duration delayAfter(int attempts) {
    int step = Math.min(Math.max(attempts, 1), config.schedule().size()) - 1;
    return config.schedule().get(step);
  }

  /** True when a message that arrived at {@code arrival} may no longer be retried at {@code now}. */
  public boolean expired(Instant arrival, Instant now) {
    return !now.isBefore(arrival.plus(config.maxAge()));
  }

  public Duration maxAge() {
    return config.maxAge();
  }
}
