package io.poolrelay.upstreams.health;

import static io.poolrelay.upstreams.health.ReputationGuardTest.DELIVERED;
import static io.poolrelay.upstreams.health.ReputationGuardTest.UNKNOWN_USER;
import static io.poolrelay.upstreams.health.ReputationGuardTest.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.poolrelay.upstreams.DeliveryOutcome.Deferred;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.SmtpReply;
import io.poolrelay.upstreams.time.FakeTime;
import io.poolrelay.upstreams.time.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamMonitorTest {

  private final FakeTime time = new FakeTime();
  private final ManualScheduler scheduler = new ManualScheduler(time);
  private final List<String> transitions = new ArrayList<>();
  private final UpstreamHealth health = new UpstreamHealth("mx1", HealthProbe.NONE, Runnable::run, scheduler, time,
      (upstream, from, to, reason) -> transitions.add(from + " -> " + to + ": " + reason),
      new HealthTimings(3, Optional.empty(), Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10)));
  private final ReputationGuard guard =
      new ReputationGuard("mx1", Duration.ofHours(1), 200, 0.03, 0.20, 0.001, Duration.ofHours(1));
  private final UpstreamMonitor monitor = new UpstreamMonitor(health, guard, time);

  @Test
  void guardVerdictPausesTheUpstreamForPauseForWithTheFigures() {
    health.start();
    monitor.record(of(DELIVERED, 479));
    monitor.record(of(UNKNOWN_USER, 21));
    HealthStatus status = health.status(time.instant());
    assertEquals(HealthState.PAUSED, status.state());
    assertEquals("guard: bounce rate 4.2% (21 of 500 in 1h) over 3%", status.reason());
    assertEquals(Optional.of(time.instant().plus(Duration.ofHours(1))), status.until());
    scheduler.advance(Duration.ofHours(1));
    assertEquals(HealthState.UP, health.status(time.instant()).state());
  }

  @Test
  void complaintsCanPauseTheUpstream() {
    monitor.record(of(DELIVERED, 500));
    monitor.recordComplaint();
    assertEquals(HealthState.PAUSED, health.status(time.instant()).state());
  }

  @Test
  void upstreamFailuresReachHealthButNotTheGuard() {
    SmtpReply refused = new SmtpReply(421, "4.4.1", "connection refused", "CONNECT");
    for (int i = 0; i < 3; i++) {
      monitor.record(of(new Deferred(refused, FailureScope.UPSTREAM, false), 100));
    }
    assertEquals(HealthState.DOWN, health.status(time.instant()).state());
    assertEquals(0, guard.status(time.instant()).sample());
    assertEquals(List.of("UP -> DOWN: 3 consecutive failures, last: 421 4.4.1 connection refused"), transitions);
  }

  @Test
  void healthAndGuardMustBelongToTheSameUpstream() {
    ReputationGuard other = new ReputationGuard("mx2", Duration.ofHours(1), 200, 0.03, 0.2, 0.001, Duration.ofHours(1));
    assertThrows(IllegalArgumentException.class, () -> new UpstreamMonitor(health, other, time));
  }
}
