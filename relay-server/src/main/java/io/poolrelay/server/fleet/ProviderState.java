package io.poolrelay.server.fleet;

import io.poolrelay.upstreams.UpstreamSignal;
import io.poolrelay.upstreams.limits.AccountObserver;
import io.poolrelay.upstreams.limits.ProviderAccount;
import io.poolrelay.upstreams.limits.RateLimiter;
import io.poolrelay.upstreams.limits.SendingQuota;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an upstream's provider says about the account behind it, and what the relay does about it: the
 * account's daily quota and rate clamp the configured ones (with {@code use_account_quota}), a throttled
 * send backs the rate off, a used-up quota caps the upstream, and a stopped account pauses it until an
 * operator resumes it. For an SMTP or file upstream nothing ever calls in, and only the configured rate
 * applies. Thread-safe.
 */
final class ProviderState implements AccountObserver {

  private static final Logger log = LoggerFactory.getLogger(ProviderState.class);

  /** The first back-off after a throttled send; it doubles with each one in a row, up to the most. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MOST_BACKOFF = Duration.ofMinutes(1);

  private final String upstream;
  private final boolean useAccountQuota;
  private final SendingQuota quota;
  private final OptionalDouble configuredRate;
  private final int burst;
  private final InstantSource clock;
  /**
   * Pauses the upstream until an operator resumes it. Set by the runtime that owns the health: the
   * account is first read by the health check, which exists before the runtime does.
   */
  private volatile Consumer<String> pauseUntilResumed = reason -> { };

  private volatile Optional<RateLimiter> rate;
  private Optional<ProviderAccount> account = Optional.empty();
  private Optional<String> problem = Optional.empty();
  private Instant throttledUntil = Instant.MIN;
  private Duration nextBackoff = FIRST_BACKOFF;
  private String throttleReason = "";

  ProviderState(String upstream, boolean useAccountQuota, SendingQuota quota, OptionalDouble configuredRate, int burst,
      InstantSource clock) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.useAccountQuota = useAccountQuota;
    this.quota = Objects.requireNonNull(quota, "quota");
    this.configuredRate = Objects.requireNonNull(configuredRate, "configuredRate");
    this.burst = burst;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rate = limiter(configuredRate);
  }

  /** Where a stopped account's pause goes: the owning upstream's health ({@code pauseUntilResumed}). */
  void pausesThrough(Consumer<String> pause) {
    this.pauseUntilResumed = Objects.requireNonNull(pause, "pause");
  }

  /** The rate in force: the configured one, or the account's when it is lower. */
  Optional<RateLimiter> rate() {
    return rate;
  }

  @Override
  public void accountRead(ProviderAccount read) {
    Instant now = clock.instant();
    Optional<ProviderAccount> before;
    synchronized (this) {
      before = account;
      account = Optional.of(read);
      problem = Optional.empty();
    }
    if (useAccountQuota) {
      quota.applyAccount(read.dailyQuota(), read.sentLast24Hours(), now);
      OptionalDouble effective = smaller(configuredRate, read.maxRate());
      Optional<RateLimiter> current = rate;
      if (current.map(RateLimiter::rate).orElse(-1.0) != (effective.isPresent() ? effective.getAsDouble() : -1.0)) {
        rate = limiter(effective);
      }
    }
    boolean changed = before.map(b -> !b.summary().equals(read.summary())).orElse(true);
    if (read.sandbox() && (before.isEmpty() || !before.get().sandbox())) {
      log.warn("upstream={} SES account is in the sandbox ({}): it sends only to verified addresses; request"
          + " production access", upstream, read.summary());
    } else if (changed) {
      log.info("upstream={} account read: {}", upstream, read.summary());
    }
    if (read.stopped()) {
      pauseUntilResumed.accept("provider account cannot send: " + read.summary());
    }
  }

  @Override
  public void accountUnreadable(String reason) {
    boolean first;
    synchronized (this) {
      first = problem.isEmpty();
      problem = Optional.of(reason);
    }
    if (first) {
      log.warn("upstream={} {}", upstream, reason);
    }
  }

  /** Acts on what a send said of the account. */
  void signalled(UpstreamSignal signal, Instant now) {
    switch (signal) {
      case UpstreamSignal.Throttled throttled -> {
        Duration backoff;
        synchronized (this) {
          backoff = nextBackoff;
          throttledUntil = now.plus(backoff);
          throttleReason = throttled.reason();
          nextBackoff = min(nextBackoff.multipliedBy(2), MOST_BACKOFF);
        }
        log.warn("upstream={} {}; backing off for {}", upstream, throttled.reason(), UpstreamRuntime.shortDuration(backoff));
      }
      case UpstreamSignal.QuotaExhausted exhausted -> {
        quota.accountExhausted(now);
        log.warn("upstream={} {}: capped until the account's 24 hours free", upstream, exhausted.reason());
      }
      case UpstreamSignal.SendingStopped stopped -> pauseUntilResumed.accept(stopped.reason());
      case UpstreamSignal.IdentityRefused refused -> { }
    }
  }

  /** A send went through: the provider takes mail at this pace, so the back-off starts again from its first step. */
  synchronized void sent() {
    nextBackoff = FIRST_BACKOFF;
  }

  /** "throttled: ... (backing off until ...)" while a back-off lasts. */
  synchronized Optional<String> throttled(Instant now) {
    return now.isBefore(throttledUntil)
        ? Optional.of("throttled: " + throttleReason + " (backing off until " + throttledUntil + ")")
        : Optional.empty();
  }

  synchronized Optional<Instant> throttledUntil(Instant now) {
    return now.isBefore(throttledUntil) ? Optional.of(throttledUntil) : Optional.empty();
  }

  /** The account as last read, if it could be. */
  synchronized Optional<ProviderAccount> account() {
    return account;
  }

  /** Why the account could not be read, when it could not. */
  synchronized Optional<String> problem() {
    return problem;
  }

  private Optional<RateLimiter> limiter(OptionalDouble perSecond) {
    return perSecond.isPresent() ? Optional.of(new RateLimiter(perSecond.getAsDouble(), burst)) : Optional.empty();
  }

  private static OptionalDouble smaller(OptionalDouble a, OptionalDouble b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return OptionalDouble.of(Math.min(a.getAsDouble(), b.getAsDouble()));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
