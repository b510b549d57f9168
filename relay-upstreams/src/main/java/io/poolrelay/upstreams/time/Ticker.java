package io.poolrelay.upstreams.time;

/** A monotonic clock for measuring durations, in nanoseconds from an arbitrary origin. */
@FunctionalInterface
public interface Ticker {
  long nanoTime();
}
