package io.poolrelay.upstreams.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.DeliveryOutcome.Deferred;
import io.poolrelay.upstreams.DeliveryOutcome.Delivered;
import io.poolrelay.upstreams.DeliveryOutcome.Rejected;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.RecipientOutcome;
import io.poolrelay.upstreams.SmtpReply;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.time.FakeTime;
import io.poolrelay.upstreams.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class UpstreamHealthTest {

  private static final SmtpReply REFUSED = new SmtpReply(421, "4.4.1", "connection refused", "CONNECT");
  private static final SmtpReply OK = new SmtpReply(250, "2.0.0", "queued", "END_OF_DATA");
  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final Duration COOL_DOWN = Duration.ofMinutes(1);
  private static final Duration MAX_COOL_DOWN = Duration.ofMinutes(5);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private final FakeTime time = new FakeTime();
  private final ManualScheduler scheduler = new ManualScheduler(time);
  private final ScriptedProbe probe = new ScriptedProbe();
  private final List<String> transitions = new ArrayList<>();
  private final HealthListener listener =
      (upstream, from, to, reason) -> transitions.add(upstream + " " + from + " -> " + to + ": " + reason);

  private UpstreamHealth health(Optional<Duration> interval, Executor executor) {
    return new UpstreamHealth("mx1", probe, executor, scheduler, time, listener, timings(3, interval));
  }

  private static HealthTimings timings(int failuresToDown, Optional<Duration> interval) {
    return new HealthTimings(failuresToDown, interval, PROBE_TIMEOUT, COOL_DOWN, MAX_COOL_DOWN);
  }

  private UpstreamHealth started(Optional<Duration> interval) {
    UpstreamHealth health = health(interval, Runnable::run);
    health.start();
    return health;
  }

  private UpstreamHealth passiveOnly() {
    return started(Optional.empty());
  }

  private HealthState state(UpstreamHealth health) {
    return health.status(time.instant()).state();
  }

  private static TransactionResult result(FailureScope scope, boolean rejected) {
    SmtpReply reply = rejected
        ? new SmtpReply(550, "5.1.1", "user unknown", "RCPT")
        : new SmtpReply(451, "4.3.0", "try later", "END_OF_DATA");
    return new TransactionResult("mx1", List.of(new RecipientOutcome("a@example.net",
        rejected ? new Rejected(reply, scope) : new Deferred(reply, scope, false))));
  }

  private static TransactionResult upstreamFailure() {
    return new TransactionResult("mx1", List.of(
        new RecipientOutcome("a@example.net", new Deferred(REFUSED, FailureScope.UPSTREAM, false)),
        new RecipientOutcome("b@example.net", new Deferred(REFUSED, FailureScope.UPSTREAM, false))));
  }

  private static TransactionResult delivered() {
    return new TransactionResult("mx1", List.of(new RecipientOutcome("a@example.net", new Delivered(OK))));
  }

  private void goDown(UpstreamHealth health) {
    for (int i = 0; i < 3; i++) {
      health.recordUpstreamFailure(REFUSED);
    }
    assertEquals(HealthState.DOWN, state(health));
  }

  @Test
  void threeConsecutiveUpstreamFailuresMarkTheUpstreamDown() {
    UpstreamHealth health = passiveOnly();
    for (int i = 0; i < 3; i++) {
      health.recordOutcome(upstreamFailure());
    }
    HealthStatus status = health.status(time.instant());
    assertEquals(HealthState.DOWN, status.state());
    assertEquals("3 consecutive failures, last: 421 4.4.1 connection refused", status.reason());
    assertEquals(time.instant(), status.since());
    assertEquals(Optional.of("421 4.4.1 connection refused"), status.lastError());
    assertEquals(3, status.consecutiveFailures());
    assertFalse(health.isUsable(time.instant()));
  }

  @Test
  void twoUpstreamFailuresLeaveItUp() {
    UpstreamHealth health = passiveOnly();
    health.recordUpstreamFailure(REFUSED);
    health.recordUpstreamFailure(REFUSED);
    assertEquals(HealthState.UP, state(health));
    assertEquals(2, health.status(time.instant()).consecutiveFailures());
    assertTrue(health.isUsable(time.instant()));
  }

  @Test
  void aSuccessBetweenFailuresResetsTheCount() {
    UpstreamHealth health = passiveOnly();
    health.recordOutcome(upstreamFailure());
    health.recordOutcome(upstreamFailure());
    health.recordOutcome(delivered());
    health.recordOutcome(upstreamFailure());
    health.recordOutcome(upstreamFailure());
    assertEquals(HealthState.UP, state(health));
    assertEquals(2, health.status(time.instant()).consecutiveFailures());
  }

  @Test
  void recipientAndMessageScopeFailuresNeverMarkItDown() {
    UpstreamHealth health = passiveOnly();
    for (int i = 0; i < 10; i++) {
      health.recordOutcome(result(FailureScope.RECIPIENT, true));
      health.recordOutcome(result(FailureScope.RECIPIENT, false));
      health.recordOutcome(result(FailureScope.MESSAGE, true));
      health.recordOutcome(result(FailureScope.MESSAGE, false));
    }
    assertEquals(HealthState.UP, state(health));
    assertEquals(0, health.status(time.instant()).consecutiveFailures());
    assertTrue(transitions.isEmpty());
  }

  @Test
  void recipientScopeOutcomesResetTheCountBecauseTheUpstreamAnswered() {
    UpstreamHealth health = passiveOnly();
    health.recordOutcome(upstreamFailure());
    health.recordOutcome(upstreamFailure());
    health.recordOutcome(result(FailureScope.RECIPIENT, true));
    health.recordOutcome(upstreamFailure());
    assertEquals(HealthState.UP, state(health));
  }

  @Test
  void upstreamScopeRejectionCountsAsAFailure() {
    UpstreamHealth health = passiveOnly();
    for (int i = 0; i < 3; i++) {
      health.recordOutcome(result(FailureScope.UPSTREAM, true));
    }
    assertEquals(HealthState.DOWN, state(health));
  }

  @Test
  void downUpstreamIsProbedAfterTheCoolDown() {
    UpstreamHealth health = passiveOnly();
    goDown(health);
    assertEquals(List.of(COOL_DOWN), scheduler.pendingDelays());
    scheduler.advance(COOL_DOWN.minusSeconds(1));
    assertEquals(0, probe.calls());
    assertEquals(HealthState.DOWN, state(health));
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(1, probe.calls());
    assertEquals(HealthState.UP, state(health));
  }

  @Test
  void failedProbesDoubleTheCoolDownUpToTheMaximum() {
    probe.failing(5, "421 4.4.1 connection refused");
    UpstreamHealth health = passiveOnly();
    goDown(health);
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Duration wait = scheduler.pendingDelays().get(0);
      waits.add(wait);
      scheduler.advance(wait);
      assertEquals(i + 1, probe.calls());
      assertEquals(HealthState.DOWN, state(health));
    }
    assertEquals(List.of(COOL_DOWN, Duration.ofMinutes(2), Duration.ofMinutes(4), MAX_COOL_DOWN, MAX_COOL_DOWN), waits);
    assertEquals(Optional.of("probe CONNECT failed: 421 4.4.1 connection refused"),
        health.status(time.instant()).lastError());
    scheduler.advance(MAX_COOL_DOWN);
    assertEquals(6, probe.calls());
    assertEquals(HealthState.UP, state(health));
  }

  @Test
  void passingProbeBringsItBackUpWithTheCountResetAndTheCoolDownRestored() {
    probe.failing(1, "421 4.4.1 connection refused").passing();
    UpstreamHealth health = passiveOnly();
    goDown(health);
    scheduler.advance(COOL_DOWN);
    scheduler.advance(COOL_DOWN.multipliedBy(2));
    HealthStatus status = health.status(time.instant());
    assertEquals(HealthState.UP, status.state());
    assertEquals("probe passed: session ok", status.reason());
    assertEquals(0, status.consecutiveFailures());
    assertEquals(0, scheduler.pending(), "no active checks were asked for");
    goDown(health);
    assertEquals(List.of(COOL_DOWN), scheduler.pendingDelays());
  }

  @Test
  void successfulDeliveryWhileDownDoesNotEndTheOutage() {
    probe.failing(1, "421 4.4.1 connection refused");
    UpstreamHealth health = passiveOnly();
    goDown(health);
    health.recordOutcome(delivered());
    assertEquals(HealthState.DOWN, state(health));
  }

  @Test
  void activeCheckRunsEveryInterval() {
    UpstreamHealth health = started(Optional.of(INTERVAL));
    assertEquals(List.of(INTERVAL), scheduler.pendingDelays());
    scheduler.advance(INTERVAL.multipliedBy(4));
    assertEquals(4, probe.calls());
    assertEquals(HealthState.UP, state(health));
    assertEquals(List.of(INTERVAL), scheduler.pendingDelays());
  }

  @Test
  void startingWithACheckRunsTheFirstAtOnceThenEveryInterval() {
    UpstreamHealth health = health(Optional.of(INTERVAL), Runnable::run);
    health.startWithCheck();
    assertEquals(List.of(Duration.ZERO), scheduler.pendingDelays());
    scheduler.advance(Duration.ZERO);
    assertEquals(1, probe.calls());
    assertEquals(List.of(INTERVAL), scheduler.pendingDelays());
  }

  @Test
  void aPauseUntilResumedEndsOnlyByResumeAndSaysSo() {
    UpstreamHealth health = passiveOnly();
    health.pauseUntilResumed("SES account suspended");
    time.advance(Duration.ofDays(365L * 50));
    assertEquals(HealthState.PAUSED, state(health));
    assertEquals("mx1 UP -> PAUSED: SES account suspended (until resumed)", transitions.get(transitions.size() - 1));
    assertTrue(health.resume());
    assertEquals(HealthState.UP, state(health));
  }

  @Test
  void failedActiveChecksCountLikeUpstreamFailures() {
    probe.failing(5, "421 4.4.1 connection refused");
    UpstreamHealth health = started(Optional.of(INTERVAL));
    scheduler.advance(INTERVAL.multipliedBy(2));
    assertEquals(HealthState.UP, state(health));
    assertEquals(2, health.status(time.instant()).consecutiveFailures());
    health.recordUpstreamFailure(REFUSED);
    HealthStatus status = health.status(time.instant());
    assertEquals(HealthState.DOWN, status.state());
    assertEquals(List.of(COOL_DOWN), scheduler.pendingDelays(), "probing replaces the active checks");
  }

  @Test
  void threeFailedActiveChecksTakeAnIdleUpstreamDown() {
    probe.failing(3, "421 4.4.1 connection refused");
    UpstreamHealth health = started(Optional.of(INTERVAL));
    scheduler.advance(INTERVAL.multipliedBy(3));
    assertEquals("3 consecutive failures, last: active check CONNECT failed: 421 4.4.1 connection refused",
        health.status(time.instant()).reason());
  }

  @Test
  void passedActiveCheckResetsTheCount() {
    UpstreamHealth health = started(Optional.of(INTERVAL));
    health.recordUpstreamFailure(REFUSED);
    health.recordUpstreamFailure(REFUSED);
    scheduler.advance(INTERVAL);
    assertEquals(0, health.status(time.instant()).consecutiveFailures());
  }

  @Test
  void probeThatThrowsCountsAsAFailedCheck() {
    HealthProbe broken = () -> {
      throw new IllegalStateException("bug");
    };
    UpstreamHealth health = new UpstreamHealth("mx1", broken, Runnable::run, scheduler, time, listener,
        timings(1, Optional.of(INTERVAL)));
    health.start();
    scheduler.advance(INTERVAL);
    assertEquals("1 consecutive failures, last: active check PROBE failed: java.lang.IllegalStateException: bug",
        health.status(time.instant()).reason());
  }

  @Test
  void probesRunOnTheGivenExecutorNotTheSchedulersThread() {
    List<Runnable> submitted = new ArrayList<>();
    UpstreamHealth health = health(Optional.of(INTERVAL), submitted::add);
    health.start();
    scheduler.advance(INTERVAL);
    assertEquals(0, probe.calls());
    assertEquals(1, submitted.size());
    submitted.get(0).run();
    assertEquals(1, probe.calls());
    assertEquals(List.of(INTERVAL), scheduler.pendingDelays());
  }

  @Test
  void checkThatDoesNotAnswerWithinTheTimeoutCountsAsAFailure() {
    List<Runnable> hanging = new ArrayList<>();
    UpstreamHealth health = health(Optional.of(INTERVAL), hanging::add);
    health.start();
    scheduler.advance(INTERVAL);
    assertEquals(1, hanging.size(), "the check was handed to the executor and never answers");
    scheduler.advance(PROBE_TIMEOUT.minusMillis(1));
    assertEquals(0, health.status(time.instant()).consecutiveFailures());
    scheduler.advance(Duration.ofMillis(1));
    HealthStatus status = health.status(time.instant());
    assertEquals(HealthState.UP, status.state());
    assertEquals(1, status.consecutiveFailures());
    assertEquals(Optional.of("active check TIMEOUT failed: no answer within 10s"), status.lastError());
    assertEquals(List.of(INTERVAL), scheduler.pendingDelays(), "the next check is scheduled as usual");
  }

  @Test
  void checksThatKeepHangingTakeTheUpstreamDown() {
    UpstreamHealth health = health(Optional.of(INTERVAL), hangingProbe -> { });
    health.start();
    scheduler.advance(INTERVAL.plus(PROBE_TIMEOUT).multipliedBy(3));
    HealthStatus status = health.status(time.instant());
    assertEquals(HealthState.DOWN, status.state());
    assertEquals("3 consecutive failures, last: active check TIMEOUT failed: no answer within 10s", status.reason());
  }

  @Test
  void answerArrivingAfterTheTimeoutIsIgnored() {
    List<Runnable> late = new ArrayList<>();
    UpstreamHealth health = health(Optional.empty(), late::add);
    health.start();
    goDown(health);
    scheduler.advance(COOL_DOWN.plus(PROBE_TIMEOUT));
    assertEquals(Optional.of("probe TIMEOUT failed: no answer within 10s"), health.status(time.instant()).lastError());
    assertEquals(List.of(COOL_DOWN.multipliedBy(2)), scheduler.pendingDelays(), "a timed-out probe doubles the wait");
    late.get(0).run();
    assertEquals(1, probe.calls(), "the probe did answer, and it passed");
    HealthStatus status = health.status(time.instant());
    assertEquals(HealthState.DOWN, status.state(), "but too late to bring the upstream back");
    assertEquals(Optional.of("probe TIMEOUT failed: no answer within 10s"), status.lastError());
    assertEquals(List.of(COOL_DOWN.multipliedBy(2)), scheduler.pendingDelays(), "and it scheduled nothing");
  }

  @Test
  void answerWithinTheTimeoutCancelsIt() {
    List<Runnable> submitted = new ArrayList<>();
    UpstreamHealth health = health(Optional.of(INTERVAL), submitted::add);
    health.start();
    health.recordUpstreamFailure(REFUSED);
    scheduler.advance(INTERVAL);
    assertEquals(List.of(PROBE_TIMEOUT), scheduler.pendingDelays(), "the check in flight has a deadline");
    scheduler.advance(PROBE_TIMEOUT.minusSeconds(1));
    submitted.get(0).run();
    assertEquals(List.of(INTERVAL), scheduler.pendingDelays(), "only the next check is left");
    scheduler.advance(PROBE_TIMEOUT);
    HealthStatus status = health.status(time.instant());
    assertEquals(HealthState.UP, status.state());
    assertEquals(0, status.consecutiveFailures(), "the passed check reset the count; no timeout added to it");
    assertTrue(transitions.isEmpty());
  }

  @Test
  void probeResultOvertakenByAPauseIsDropped() {
    probe.failing(3, "421 4.4.1 connection refused");
    List<Runnable> submitted = new ArrayList<>();
    UpstreamHealth health = new UpstreamHealth("mx1", probe, submitted::add, scheduler, time, listener,
        timings(1, Optional.of(INTERVAL)));
    health.start();
    scheduler.advance(INTERVAL);
    health.pause(Duration.ofMinutes(10), "maintenance");
    submitted.get(0).run();
    assertEquals(HealthState.PAUSED, state(health));
    assertEquals(0, health.status(time.instant()).consecutiveFailures());
  }

  @Test
  void pauseByHandTakesItOutUntilItExpires() {
    UpstreamHealth health = passiveOnly();
    Instant until = time.instant().plus(Duration.ofMinutes(10));
    health.pause(Duration.ofMinutes(10), "maintenance at the provider");
    HealthStatus status = health.status(time.instant());
    assertEquals(HealthState.PAUSED, status.state());
    assertEquals("maintenance at the provider", status.reason());
    assertEquals(Optional.of(until), status.until());
    assertFalse(health.isUsable(time.instant()));
    scheduler.advance(Duration.ofMinutes(10).minusSeconds(1));
    assertEquals(HealthState.PAUSED, state(health));
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(HealthState.UP, health.status(time.instant()).state());
    assertEquals("pause ended", health.status(time.instant()).reason());
    assertEquals(0, scheduler.pending());
  }

  @Test
  void pauseExpiresLazilyWhenStatusIsAskedForLater() {
    UpstreamHealth health = health(Optional.empty(), Runnable::run);
    health.pause(Duration.ofMinutes(10), "maintenance");
    assertEquals(0, scheduler.pending(), "not started: nothing scheduled");
    time.advance(Duration.ofMinutes(10));
    assertTrue(health.isUsable(time.instant()));
    assertEquals(List.of("mx1 UP -> PAUSED: maintenance (until 2026-11-01T00:10:00Z)", "mx1 PAUSED -> UP: pause ended"),
        transitions);
  }

  @Test
  void resumeEndsAPauseAtOnce() {
    UpstreamHealth health = started(Optional.of(INTERVAL));
    health.pause(Duration.ofHours(1), "maintenance");
    assertEquals(List.of(Duration.ofHours(1)), scheduler.pendingDelays(), "active checks stop while paused");
    assertTrue(health.resume());
    assertEquals(HealthState.UP, state(health));
    assertEquals("resumed by hand", health.status(time.instant()).reason());
    assertEquals(List.of(INTERVAL), scheduler.pendingDelays(), "expiry cancelled, active checks back");
    assertFalse(health.resume());
  }

  @Test
  void laterPauseWinsOverAnEarlierEnd() {
    UpstreamHealth health = passiveOnly();
    health.pause(Duration.ofHours(2), "by hand");
    health.pause(Duration.ofHours(1), "guard: bounce rate");
    assertEquals("by hand", health.status(time.instant()).reason());
    health.pause(Duration.ofHours(3), "guard: deferral rate");
    HealthStatus status = health.status(time.instant());
    assertEquals("guard: deferral rate", status.reason());
    assertEquals(Optional.of(time.instant().plus(Duration.ofHours(3))), status.until());
    scheduler.advance(Duration.ofHours(2));
    assertEquals(HealthState.PAUSED, state(health));
    scheduler.advance(Duration.ofHours(1));
    assertEquals(HealthState.UP, state(health));
  }

  @Test
  void upstreamDownWhenPausedIsDownAgainAndProbedAtOnceWhenThePauseEnds() {
    probe.failing(1, "421 4.4.1 connection refused");
    UpstreamHealth health = passiveOnly();
    goDown(health);
    health.pause(Duration.ofMinutes(30), "maintenance");
    assertEquals(List.of(Duration.ofMinutes(30)), scheduler.pendingDelays(), "no probes while paused");
    scheduler.advance(Duration.ofMinutes(30));
    assertEquals(1, probe.calls(), "probed as soon as the pause ended");
    HealthStatus status = health.status(time.instant());
    assertEquals(HealthState.DOWN, status.state());
    assertEquals("pause ended while down, last: 421 4.4.1 connection refused", status.reason());
    assertEquals(List.of(Duration.ofMinutes(2)), scheduler.pendingDelays());
    scheduler.advance(Duration.ofMinutes(2));
    assertEquals(HealthState.UP, state(health));
  }

  @Test
  void failuresWhilePausedThatWouldTakeItDownLeaveItDownAfterThePause() {
    UpstreamHealth health = passiveOnly();
    health.pause(Duration.ofMinutes(5), "maintenance");
    for (int i = 0; i < 3; i++) {
      health.recordUpstreamFailure(REFUSED);
    }
    assertEquals(HealthState.PAUSED, state(health));
    probe.failing(1, "still refused");
    scheduler.advance(Duration.ofMinutes(5));
    assertEquals(HealthState.DOWN, state(health));
  }

  @Test
  void transitionsReachTheListenerWithReasons() {
    probe.failing(1, "421 4.4.1 connection refused");
    UpstreamHealth health = passiveOnly();
    goDown(health);
    scheduler.advance(COOL_DOWN);
    scheduler.advance(COOL_DOWN.multipliedBy(2));
    health.pause(Duration.ofMinutes(5), "guard: bounce rate 4.2% (21 of 500 in 1h) over 3%");
    scheduler.advance(Duration.ofMinutes(5));
    assertEquals(List.of(
        "mx1 UP -> DOWN: 3 consecutive failures, last: 421 4.4.1 connection refused",
        "mx1 DOWN -> UP: probe passed: session ok",
        "mx1 UP -> PAUSED: guard: bounce rate 4.2% (21 of 500 in 1h) over 3% (until 2026-11-01T00:08:00Z)",
        "mx1 PAUSED -> UP: pause ended"), transitions);
  }

  @Test
  void closeCancelsPendingChecksAndPauseExpiry() {
    UpstreamHealth health = started(Optional.of(INTERVAL));
    health.close();
    assertEquals(0, scheduler.pending());
    scheduler.advance(INTERVAL.multipliedBy(3));
    assertEquals(0, probe.calls());
    goDown(health);
    health.pause(Duration.ofMinutes(1), "maintenance");
    assertEquals(0, scheduler.pending(), "nothing is scheduled after close");
  }

  @Test
  void closeDropsAProbeAlreadyScheduled() {
    UpstreamHealth health = passiveOnly();
    goDown(health);
    health.close();
    scheduler.advance(COOL_DOWN);
    assertEquals(0, probe.calls());
    assertEquals(HealthState.DOWN, state(health));
  }

  @Test
  void startingTwiceSchedulesOneCheck() {
    UpstreamHealth health = started(Optional.of(INTERVAL));
    health.start();
    assertEquals(1, scheduler.pending());
  }
}
