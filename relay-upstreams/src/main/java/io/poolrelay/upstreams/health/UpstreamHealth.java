package io.poolrelay.upstreams.health;

import io.poolrelay.config.units.DurationParser;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.RecipientOutcome;
import io.poolrelay.upstreams.SmtpReply;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.time.Scheduler;
import io.poolrelay.upstreams.time.Scheduler.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One upstream's health: {@code UP}, {@code DOWN} or {@code PAUSED}, with the reason and since when.
 *
 * <p><b>Down.</b> Only upstream-level failures count ({@link FailureScope#UPSTREAM}: refused or lost
 * connections, 421s, failed setup); recipient- and message-scope failures say nothing about the upstream
 * and never mark it down. After {@code failuresToDown} consecutive ones it is down; any success in between
 * resets the count. A down upstream is probed after {@code coolDown}; each failed probe doubles the wait, up
 * to {@code maxCoolDown}, and the first probe that passes brings it back up. Only a probe does: a delivery
 * that was already in flight and succeeds resets the count but doesn't end the outage.
 *
 * <p><b>Active checks.</b> While up, the probe runs every {@code checkInterval} (none when empty). A
 * failed check counts as one upstream-level failure, like a failed delivery, rather than marking the
 * upstream down at once: an idle upstream goes down after {@code failuresToDown} failed checks in a row,
 * a single blip doesn't take it out, and real traffic adds to the same count. A passed check is a success.
 *
 * <p><b>Timeout.</b> A check or probe that hasn't answered within {@code probeTimeout} fails with stage
 * {@code TIMEOUT}, timed by the {@link Scheduler} rather than by waiting on the probe, so a probe stuck
 * past its own socket timeouts can't stall the checks. Its answer, should it come later, is dropped.
 *
 * <p><b>Paused.</b> {@link #pause} (by hand, or when a {@link ReputationGuard} says so)
 * takes the upstream out until a given time; a second pause keeps whichever ends later. The pause ends
 * by itself at that time, seen both by a scheduled task and lazily by {@link #status(Instant)}, or by
 * {@link #resume()}. Checks stop while paused. An upstream that was down when paused, or that would have
 * gone down meanwhile, is down again when the pause ends and is probed at once; any other comes back up.
 *
 * <p>Every transition goes to the {@link HealthListener} with its reason. Scheduling goes through the
 * {@link Scheduler}; probes block, so they run on {@code probeExecutor}. Nothing is scheduled before
 * {@link #start()} or after {@link #close()}. The result of a probe that was overtaken by a transition
 * (a pause, say) is dropped. Thread-safe.
 */
public final class UpstreamHealth implements AutoCloseable {

  private final String upstream;
  private final HealthProbe probe;
  private final Executor probeExecutor;
  private final Scheduler scheduler;
  private final InstantSource clock;
  private final HealthListener listener;
  private final HealthTimings timings;

  private HealthState state = HealthState.UP;
  private String reason = "started";
  private Instant since;
  private Instant pausedUntil;
  private int consecutiveFailures;
  private String lastError;
  private boolean downWhenPauseEnds;
  private Duration nextCoolDown;

  private boolean started;
  private boolean closed;
  /** Bumped whenever the check chain restarts, so a stale task or probe result is ignored. */
  private long epoch;
  private Cancellable checkTask;
  /** Fails the probe in flight if it hasn't answered by {@code probeTimeout}. */
  private Cancellable probeDeadline;
  private Cancellable pauseExpiry;

  /**
   * @param upstream       the upstream's name, for the listener
   * @param probe          the active check; {@link HealthProbe#NONE} for upstreams with nothing to check
   * @param probeExecutor  where probes run (they block); the relay owns it
   * @param timings        when it goes down, how often it is checked, how long a probe may take
   */
  public UpstreamHealth(
      String upstream,
      HealthProbe probe,
      Executor probeExecutor,
      Scheduler scheduler,
      InstantSource clock,
      HealthListener listener,
      HealthTimings timings) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.probeExecutor = Objects.requireNonNull(probeExecutor, "probeExecutor");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.timings = Objects.requireNonNull(timings, "timings");
    this.nextCoolDown = timings.coolDown();
    this.since = clock.instant();
  }

  public String upstream() {
    return upstream;
  }

  /** Begins active checks (and probes, should the upstream already be down). Calling it again does nothing. */
  public void start() {
    start(false);
  }

  /**
   * Begins active checks with one at once, for an upstream whose check also reads what it needs to know
   * before the first delivery (an SES account's quota). Calling it again does nothing.
   */
  public void startWithCheck() {
    start(true);
  }

  private synchronized void start(boolean checkAtOnce) {
    if (started || closed) {
      return;
    }
    started = true;
    switch (state) {
      case UP -> {
        if (checkAtOnce && timings.checkInterval().isPresent()) {
          scheduleCheck(Duration.ZERO);
        } else {
          scheduleActiveCheck();
        }
      }
      case DOWN -> scheduleCheck(nextCoolDown);
      case PAUSED -> schedulePauseExpiry();
    }
  }

  /** Stops checks and cancels everything pending. Outcomes may still be recorded; nothing is scheduled again. */
  @Override
  public synchronized void close() {
    closed = true;
    cancelChecks();
    cancelPauseExpiry();
  }

  /**
   * Feeds one delivery's result: an upstream-scope failure in it (the first one's reply is kept) counts
   * as one failure; otherwise any outcome shows that the upstream works, which is a success.
   */
  public void recordOutcome(TransactionResult result) {
    for (RecipientOutcome outcome : result.outcomes()) {
      DeliveryOutcome delivery = outcome.outcome();
      if (!(delivery instanceof DeliveryOutcome.Delivered) && delivery.scope() == FailureScope.UPSTREAM) {
        recordUpstreamFailure(delivery.reply());
        return;
      }
    }
    if (!result.outcomes().isEmpty()) {
      recordSuccess();
    }
  }

  /** An upstream-level failure (the reply, real or composed, says what went wrong). */
  public synchronized void recordUpstreamFailure(SmtpReply reply) {
    failure(reply.toString());
  }

  /** The upstream did its job (even if a recipient or the message was refused): resets the failure count. */
  public synchronized void recordSuccess() {
    consecutiveFailures = 0;
  }

  /**
   * How long a pause "until an operator resumes" lasts: a hundred years, so that it ends only by
   * {@link #resume()} while every timer stays an ordinary one.
   */
  public static final Duration UNTIL_RESUMED = Duration.ofDays(365L * 100);

  /** Pauses the upstream until an operator resumes it (a provider stopped the account's sending). */
  public void pauseUntilResumed(String reason) {
    pause(UNTIL_RESUMED, reason);
  }

  /** Pauses the upstream for {@code duration} from now. */
  public void pause(Duration duration, String reason) {
    pauseUntil(clock.instant().plus(duration), reason);
  }

  /**
   * Pauses the upstream until {@code until}. If it is paused already, the pause that ends later wins (use
   * {@link #resume()} first to shorten one). A time not in the future does nothing.
   */
  public synchronized void pauseUntil(Instant until, String reason) {
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(reason, "reason");
    Instant now = clock.instant();
    expirePause(now);
    if (!until.isAfter(now)) {
      return;
    }
    if (state == HealthState.PAUSED) {
      if (!until.isAfter(pausedUntil)) {
        return;
      }
      pausedUntil = until;
      this.reason = reason;
      listener.transition(upstream, HealthState.PAUSED, HealthState.PAUSED, reason + untilText(until, now));
    } else {
      downWhenPauseEnds = state == HealthState.DOWN;
      cancelChecks();
      pausedUntil = until;
      enter(HealthState.PAUSED, reason, now, untilText(until, now));
    }
    schedulePauseExpiry();
  }

  /** Ends a pause now. Returns false, changing nothing, when the upstream isn't paused. */
  public synchronized boolean resume() {
    expirePause(clock.instant());
    if (state != HealthState.PAUSED) {
      return false;
    }
    endPause("resumed by hand");
    return true;
  }

  /** The current status; a pause whose time is up ends here, if no scheduled task has ended it yet. */
  public synchronized HealthStatus status(Instant now) {
    expirePause(now);
    return new HealthStatus(state, reason, since,
        state == HealthState.PAUSED ? Optional.of(pausedUntil) : Optional.empty(),
        consecutiveFailures, Optional.ofNullable(lastError));
  }

  /** Whether deliveries may go to this upstream now (it is up). */
  public boolean isUsable(Instant now) {
    return status(now).isUsable();
  }

  // --- transitions (all under the lock) ---

  private void failure(String error) {
    expirePause(clock.instant());
    consecutiveFailures++;
    lastError = error;
    if (consecutiveFailures < timings.failuresToDown()) {
      return;
    }
    switch (state) {
      case UP -> {
        enter(HealthState.DOWN, consecutiveFailures + " consecutive failures, last: " + error, clock.instant(), "");
        nextCoolDown = timings.coolDown();
        scheduleCheck(nextCoolDown);
      }
      case PAUSED -> downWhenPauseEnds = true;
      case DOWN -> { }
    }
  }

  private void expirePause(Instant now) {
    if (state == HealthState.PAUSED && !now.isBefore(pausedUntil)) {
      endPause("pause ended");
    }
  }

  private void endPause(String why) {
    cancelPauseExpiry();
    pausedUntil = null;
    Instant now = clock.instant();
    if (downWhenPauseEnds) {
      downWhenPauseEnds = false;
      enter(HealthState.DOWN, why + " while down, last: " + lastError, now, "");
      nextCoolDown = timings.coolDown();
      scheduleCheck(Duration.ZERO);
    } else {
      consecutiveFailures = 0;
      enter(HealthState.UP, why, now, "");
      scheduleActiveCheck();
    }
  }

  private void enter(HealthState to, String why, Instant now, String suffix) {
    HealthState from = state;
    state = to;
    reason = why;
    since = now;
    listener.transition(upstream, from, to, why + suffix);
  }

  // --- checks ---

  private void checked(long checkEpoch, ProbeResult result) {
    synchronized (this) {
      if (checkEpoch != epoch || closed) {
        return;
      }
      checkTask = null;
      cancelProbeDeadline();
      switch (state) {
        case UP -> {
          if (result.ok()) {
            consecutiveFailures = 0;
          } else {
            failure("active check " + result);
          }
          if (state == HealthState.UP) {
            scheduleActiveCheck();
          }
        }
        case DOWN -> {
          if (result.ok()) {
            consecutiveFailures = 0;
            nextCoolDown = timings.coolDown();
            enter(HealthState.UP, "probe passed: " + result.detail(), clock.instant(), "");
            scheduleActiveCheck();
          } else {
            lastError = "probe " + result;
            nextCoolDown = min(nextCoolDown.multipliedBy(2), timings.maxCoolDown());
            scheduleCheck(nextCoolDown);
          }
        }
        case PAUSED -> { }
      }
    }
  }

  private void runCheck(long checkEpoch) {
    synchronized (this) {
      if (checkEpoch != epoch || closed) {
        return;
      }
      // Armed before the probe is handed over: an executor that runs it at once answers before we return.
      ProbeResult noAnswer = ProbeResult.failed("TIMEOUT",
          "no answer within " + DurationParser.format(timings.probeTimeout()));
      probeDeadline = scheduler.schedule(() -> checked(checkEpoch, noAnswer), timings.probeTimeout());
    }
    try {
      probeExecutor.execute(() -> checked(checkEpoch, runProbe()));
    } catch (RejectedExecutionException shuttingDown) {
      // The relay is stopping and its executor takes no more work; nothing left to check for.
      synchronized (this) {
        cancelProbeDeadline();
      }
    }
  }

  private ProbeResult runProbe() {
    try {
      return probe.probe();
    } catch (RuntimeException e) {
      return ProbeResult.failed("PROBE", e.toString());
    }
  }

  private void scheduleActiveCheck() {
    cancelChecks();
    timings.checkInterval().ifPresent(this::scheduleCheck);
  }

  private void scheduleCheck(Duration delay) {
    cancelChecks();
    if (!started || closed) {
      return;
    }
    long checkEpoch = epoch;
    checkTask = scheduler.schedule(() -> runCheck(checkEpoch), delay);
  }

  private void cancelChecks() {
    epoch++;
    if (checkTask != null) {
      checkTask.cancel();
      checkTask = null;
    }
    cancelProbeDeadline();
  }

  private void cancelProbeDeadline() {
    if (probeDeadline != null) {
      probeDeadline.cancel();
      probeDeadline = null;
    }
  }

  private void schedulePauseExpiry() {
    cancelPauseExpiry();
    if (!started || closed || state != HealthState.PAUSED) {
      return;
    }
    Instant until = pausedUntil;
    pauseExpiry = scheduler.schedule(() -> {
      synchronized (this) {
        if (state == HealthState.PAUSED && until.equals(pausedUntil)) {
          endPause("pause ended");
        }
      }
    }, Duration.between(clock.instant(), until));
  }

  private void cancelPauseExpiry() {
    if (pauseExpiry != null) {
      pauseExpiry.cancel();
      pauseExpiry = null;
    }
  }

  /** " (until 2026-12-03T10:00:00Z)", or " (until resumed)" for a pause only an operator ends. */
  private static String untilText(Instant until, Instant now) {
    return until.isAfter(now.plus(UNTIL_RESUMED.dividedBy(2))) ? " (until resumed)" : " (until " + until + ")";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
