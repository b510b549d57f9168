package io.poolrelay.upstreams.time;

import java.time.Duration;

/** Runs tasks later. Waiting goes through here instead of sleeping, so tests can drive time. */
public interface Scheduler {

  /** Runs {@code task} once, {@code delay} from now. */
  Cancellable schedule(Runnable task, Duration delay);

  /** A scheduled task that may not have run yet. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
