package io.poolrelay.upstreams.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so. Wall time and monotonic time advance together. */
public final class FakeTime implements InstantSource, Ticker {

  private final Instant origin;
  private final AtomicLong elapsedNanos = new AtomicLong();

  public FakeTime(Instant origin) {
    this.origin = origin;
  }

  public FakeTime() {
    this(Instant.parse("2026-11-01T00:00:00Z"));
  }

  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + duration);
    }
    elapsedNanos.addAndGet(duration.toNanos());
  }

  @Override
  public Instant instant() {
    return origin.plusNanos(elapsedNanos.get());
  }

  @Override
  public long nanoTime() {
    return elapsedNanos.get();
  }
}
