package io.poolrelay.upstreams.health;

import io.poolrelay.upstreams.TransactionResult;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Feeds one upstream's delivery results to its {@link UpstreamHealth} and its {@link ReputationGuard},
 * and pauses the upstream when the guard returns a verdict.
 */
public final class UpstreamMonitor {

  private final UpstreamHealth health;
  private final ReputationGuard guard;
  private final InstantSource clock;

  public UpstreamMonitor(UpstreamHealth health, ReputationGuard guard, InstantSource clock) {
    this.health = Objects.requireNonNull(health, "health");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (!health.upstream().equals(guard.upstream())) {
      throw new IllegalArgumentException("health of upstream " + health.upstream() + " paired with the guard of "
          + guard.upstream());
    }
  }

  public void record(TransactionResult result) {
    health.recordOutcome(result);
    guard.record(result, clock.instant()).ifPresent(this::pause);
  }

  /** A feedback report (complaint) about mail this upstream delivered. */
  public void recordComplaint() {
    guard.recordComplaint(clock.instant()).ifPresent(this::pause);
  }

  private void pause(GuardVerdict verdict) {
    health.pause(verdict.pauseFor(), verdict.reason());
  }
}
