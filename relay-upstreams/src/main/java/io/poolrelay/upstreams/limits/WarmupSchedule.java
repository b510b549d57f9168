package io.poolrelay.upstreams.limits;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A daily cap for a new upstream that grows one step at a time, and only on healthy days.
 *
 * <p><b>Steps, not calendar days.</b> The schedule starts at step 0 (the first cap) and moves to the next
 * step through {@link #advance}: at most once per UTC day, only on a day after the last move (the first
 * move can come the day after {@code start}), and only when the gate says the signals are healthy.
 * Otherwise it holds its step and remembers why ({@link #heldReason()}). A relay that was down for three
 * days moves one step when it comes back, not three. Before {@code start} the first cap applies.
 *
 * <p><b>Spread over the day.</b> {@link #allowanceUntil(Instant)} is the part of today's cap that may have
 * gone by {@code now}: the cap times the fraction of the UTC day elapsed, plus a head start (by default one
 * hour's share), so a warming upstream can't send its whole day at midnight.
 *
 * <p>State (step and day of the last move) is small and can be saved and restored with {@link #state()}
 * and {@link #restore(State)}. Thread-safe.
 */
public abstract sealed class WarmupSchedule permits StepWarmup, RampWarmup {

  private static final Duration DAY = Duration.ofDays(1);

  /** Where a schedule is: its step and the UTC day it last moved (its start until the first move). */
  public record State(int step, LocalDate lastAdvanced) {
    public State {
      if (step < 0) {
        throw new IllegalArgumentException("step must be >= 0, was " + step);
      }
      Objects.requireNonNull(lastAdvanced, "lastAdvanced");
    }
  }

  private final LocalDate start;
  private final Duration headStart;
  private int step;
  private LocalDate lastAdvanced;
  private String heldReason;

  WarmupSchedule(LocalDate start, Duration headStart) {
    this.start = Objects.requireNonNull(start, "start");
    Objects.requireNonNull(headStart, "headStart");
    if (headStart.isNegative() || headStart.compareTo(DAY) > 0) {
      throw new IllegalArgumentException("headStart must be between 0 and a day, was " + headStart);
    }
    this.headStart = headStart;
    this.lastAdvanced = start;
  }

  /** The cap of {@code step}, or empty if the warmup is over by then. */
  abstract OptionalLong capOfStep(int step);

  public LocalDate start() {
    return start;
  }

  /** Today's cap: the current step's, or empty once the warmup is over (then only daily_limit applies). */
  public synchronized OptionalLong capToday() {
    return capOfStep(step);
  }

  public synchronized boolean isOver() {
    return capOfStep(step).isEmpty();
  }

  /**
   * Moves to the next step if {@code today} is a UTC day after the last move and the signals are healthy;
   * otherwise holds, recording why when the signals were the reason.
   *
   * @return whether the step moved (the caller then saves {@link #state()})
   */
  public synchronized boolean advance(LocalDate today, WarmupGate.Verdict signals) {
    Objects.requireNonNull(today, "today");
    Objects.requireNonNull(signals, "signals");
    OptionalLong cap = capOfStep(step);
    if (cap.isEmpty() || !today.isAfter(lastAdvanced)) {
      return false;
    }
    if (!signals.healthy()) {
      heldReason = "held at day " + (step + 1) + " (" + cap.getAsLong() + "/day): " + signals.reason();
      return false;
    }
    step++;
    lastAdvanced = today;
    heldReason = null;
    return true;
  }

  /** Shorthand for {@link #advance(LocalDate, WarmupGate.Verdict)} without a reason. */
  public boolean advance(LocalDate today, boolean signalsHealthy) {
    return advance(today, signalsHealthy ? WarmupGate.Verdict.ofHealthy() : WarmupGate.Verdict.unhealthy("signals unhealthy"));
  }

  /** Why the schedule did not move on its last chance, for display; empty after a move. */
  public synchronized Optional<String> heldReason() {
    return Optional.ofNullable(heldReason);
  }

  public synchronized State state() {
    return new State(step, lastAdvanced);
  }

  /** Puts the schedule back where a saved {@link State} left it. */
  public synchronized void restore(State state) {
    Objects.requireNonNull(state, "state");
    step = state.step();
    lastAdvanced = state.lastAdvanced();
    heldReason = null;
  }

  /**
   * How much of today's cap may have gone by {@code now}: {@code cap * (elapsed part of the UTC day +
   * head start) / day}, rounded down, at most the cap. {@link Long#MAX_VALUE} once the warmup is over.
   */
  public synchronized long allowanceUntil(Instant now) {
    OptionalLong cap = capOfStep(step);
    if (cap.isEmpty()) {
      return Long.MAX_VALUE;
    }
    long dayMillis = DAY.toMillis();
    long elapsed = Math.floorMod(now.toEpochMilli(), dayMillis) + headStart.toMillis();
    if (elapsed >= dayMillis) {
      return cap.getAsLong();
    }
    long capValue = cap.getAsLong();
    long share = capValue <= Long.MAX_VALUE / dayMillis
        ? capValue * elapsed / dayMillis
        : (long) ((double) capValue * elapsed / dayMillis);
    return Math.min(capValue, share);
  }

  /**
   * How long from {@code now} until {@link #allowanceUntil} reaches {@code needed} today; if it never
   * does today (the cap is smaller), the time until the next UTC midnight. ZERO when it already has.
   */
  public synchronized Duration timeUntilAllowance(long needed, Instant now) {
    if (allowanceUntil(now) >= needed) {
      return Duration.ZERO;
    }
    long cap = capOfStep(step).orElse(Long.MAX_VALUE);
    long dayMillis = DAY.toMillis();
    long sinceMidnight = Math.floorMod(now.toEpochMilli(), dayMillis);
    if (needed > cap) {
      return Duration.ofMillis(dayMillis - sinceMidnight);
    }
    // Smallest elapsed with cap * (elapsed + head) / day >= needed.
    double elapsedNeeded = Math.ceil((double) needed * dayMillis / cap) - headStart.toMillis();
    long wait = (long) elapsedNeeded - sinceMidnight;
    return Duration.ofMillis(Math.max(1, Math.min(wait, dayMillis - sinceMidnight)));
  }
}
