package io.poolrelay.upstreams.time;

import java.time.Instant;
import java.time.InstantSource;

/** The system's clocks: the only place that reads them. */
public final class SystemTime implements InstantSource, Ticker {

  @Override
  public Instant instant() {
    return Instant.now();
  }

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }
}
