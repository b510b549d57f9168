package io.poolrelay.server.it;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline: how tests synchronise with a running relay, never by sleeping. */
public final class Await {

  private Await() {}

  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      // A polling interval, not synchronisation: only the condition ends the wait.
      LockSupport.parkNanos(10_000_000L);
      if (Thread.interrupted()) {
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
