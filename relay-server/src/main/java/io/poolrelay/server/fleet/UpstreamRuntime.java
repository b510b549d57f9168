package io.poolrelay.server.fleet;

import io.poolrelay.config.model.GuardConfig;
import io.poolrelay.config.model.SesUpstreamConfig;
import io.poolrelay.config.model.UpstreamConfig;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.Upstream;
import io.poolrelay.upstreams.rewrite.RewritingUpstream;
import io.poolrelay.upstreams.health.GuardStatus;
import io.poolrelay.upstreams.health.HealthStatus;
import io.poolrelay.upstreams.health.ReputationGuard;
import io.poolrelay.upstreams.health.UpstreamHealth;
import io.poolrelay.upstreams.limits.ProviderAccount;
import io.poolrelay.upstreams.limits.QuotaStatus;
import io.poolrelay.upstreams.limits.RateLimiter;
import io.poolrelay.upstreams.limits.SendingQuota;
import io.poolrelay.upstreams.limits.UsageJournal;
import io.poolrelay.upstreams.limits.WarmupGate;
import io.poolrelay.upstreams.limits.WarmupSchedule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream while the relay runs. Whether it may take a message now is decided here, in one
 * place: disabled in the config, down or paused (health and guard), or capped (hourly, daily or
 * warmup limit, the provider account's quota, or its rate), or backing off after its provider throttled it.
 */
public final class UpstreamRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UpstreamRuntime.class);

  private final UpstreamConfig config;
  private final Upstream client;
  private final UpstreamHealth health;
  private final Optional<ReputationGuard> guard;
  private final SendingQuota quota;
  private final ProviderState provider;
  private final Optional<WarmupSchedule> warmup;
  private final UsageJournal journal;
  /** Whether any limit can cap it; summing the windows for every choice costs, so only then. */
  private final boolean capped;

  UpstreamRuntime(UpstreamConfig config, Upstream client, UpstreamHealth health, Optional<ReputationGuard> guard,
      SendingQuota quota, ProviderState provider, Optional<WarmupSchedule> warmup, UsageJournal journal) {
    this.config = config;
    this.client = client;
    this.health = health;
    this.guard = guard;
    this.quota = quota;
    this.provider = provider;
    provider.pausesThrough(health::pauseUntilResumed);
    this.warmup = warmup;
    this.journal = journal;
    this.capped = config.limits().hourlyLimit().isPresent() || config.limits().dailyLimit().isPresent()
        // An SES account can say its daily quota is used up whatever was configured.
        || warmup.isPresent() || config instanceof SesUpstreamConfig;
  }

  public String name() {
    return config.name();
  }

  public UpstreamConfig config() {
    return config;
  }

  /** What deliveries go through: the upstream, wrapped in its sender rewrite when it has one. */
  public Upstream client() {
    return client;
  }

  /** The upstream itself, without a sender rewrite around it: for what only it can tell (its connections). */
  public Upstream transport() {
    return client instanceof RewritingUpstream rewriting ? rewriting.delegate() : client;
  }

  public UpstreamHealth health() {
    return health;
  }

  /**
   * Starts its health checks; an upstream with a provider account is checked at once, so the account's
   * quota is known before it takes much mail.
   */
  void startHealth() {
    if (config instanceof SesUpstreamConfig) {
      health.startWithCheck();
    } else {
      health.start();
    }
  }

  /** Why the upstream cannot take mail now, or empty when it can (subject to admission). */
  public Optional<String> unavailable(Instant now) {
    if (!config.enabled()) {
      return Optional.of("disabled (enabled: false)");
    }
    HealthStatus status = health.status(now);
    if (!status.isUsable()) {
      return Optional.of(status.state().name().toLowerCase() + ": " + status.reason()
          + status.until().map(u -> " (until " + u + ")").orElse(""));
    }
    if (capped) {
      QuotaStatus usage = quota(now);
      if (!usage.hasRoom()) {
        return Optional.of(capped(usage));
      }
    }
    return provider.throttled(now);
  }

  /**
   * How many recipients it could take at {@code now}: 0 when unavailable, otherwise what its limits and
   * its rate let through at once ({@link Long#MAX_VALUE} when nothing limits it). An estimate for
   * releasing waiting mail; {@link #admit} still decides each message.
   */
  public long headroom(Instant now) {
    if (unavailable(now).isPresent()) {
      return 0;
    }
    long room = quota.roomLeft(now);
    Optional<RateLimiter> rate = provider.rate();
    if (rate.isPresent()) {
      room = Math.min(room, rate.get().available(now));
    }
    return room;
  }

  /**
   * The steady rate its limits allow, in recipients per second: the smallest of {@code max_rate}, the
   * hourly limit over an hour and the day's cap (warmup included) over a day. Empty when nothing limits
   * it; zero while it cannot take mail at all.
   */
  public OptionalDouble allowedRate(Instant now) {
    if (!config.enabled() || !health.status(now).isUsable()) {
      return OptionalDouble.of(0);
    }
    double rate = Double.POSITIVE_INFINITY;
    Optional<RateLimiter> limiter = provider.rate();
    if (limiter.isPresent()) {
      rate = limiter.get().rate();
    }
    QuotaStatus usage = quota(now);
    if (usage.hourlyLimit().isPresent()) {
      rate = Math.min(rate, usage.hourlyLimit().getAsLong() / 3600.0);
    }
    if (usage.dailyCap().isPresent()) {
      rate = Math.min(rate, usage.dailyCap().getAsLong() / 86400.0);
    }
    return Double.isInfinite(rate) ? OptionalDouble.empty() : OptionalDouble.of(rate);
  }

  /**
   * The earliest time it may take mail again: {@code now} if it can, the end of a pause, when a limit
   * frees or the next rate slot; empty when nothing but an event can bring it back (disabled, or down
   * until a probe passes).
   */
  public Optional<Instant> availableAt(Instant now) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    HealthStatus status = health.status(now);
    if (!status.isUsable()) {
      return status.until();
    }
    Instant at = now;
    if (capped) {
      at = now.plus(quota(now).freesIn());
    }
    Optional<RateLimiter> rate = provider.rate();
    if (rate.isPresent()) {
      Instant slot = now.plus(rate.get().timeUntilNext(now));
      at = slot.isAfter(at) ? slot : at;
    }
    Optional<Instant> throttled = provider.throttledUntil(now);
    if (throttled.isPresent() && throttled.get().isAfter(at)) {
      at = throttled.get();
    }
    return Optional.of(at);
  }

  /**
   * Reserves up to {@code recipients} against the limits (as many as fit, at least one) and takes a
   * rate slot; empty when a limit or the rate says not now. The caller must settle the admission with
   * {@link #record} or {@link #release}.
   */
  public Optional<Admission> admit(int recipients, Instant now) {
    advanceWarmup(now);
    if (provider.throttledUntil(now).isPresent()) {
      return Optional.empty();
    }
    Optional<SendingQuota.Reservation> reservation = quota.tryReserveUpTo(recipients, now);
    if (reservation.isEmpty()) {
      return Optional.empty();
    }
    Optional<RateLimiter> rate = provider.rate();
    if (rate.isPresent() && !rate.get().tryAcquire(now).isZero()) {
      reservation.get().release();
      return Optional.empty();
    }
    return Optional.of(new Admission(reservation.get()));
  }

  /**
   * Counts what the upstream accepted and feeds health and guard. A result that says something about the
   * provider's account (throttled, out of quota, stopped) is acted on instead: it is no sign of a broken
   * upstream, nor of the mail's reputation.
   */
  public void record(Admission admission, TransactionResult result, Instant now) {
    int accepted = (int) result.outcomes().stream().filter(o -> o.outcome() instanceof DeliveryOutcome.Delivered).count();
    admission.reservation().commit(accepted, now);
    if (accepted > 0) {
      provider.sent();
    }
    if (result.signal().isPresent()) {
      provider.signalled(result.signal().get(), now);
      if (accepted > 0) {
        health.recordSuccess();
      }
      return;
    }
    health.recordOutcome(result);
    guard.flatMap(g -> g.record(result, now)).ifPresent(verdict -> health.pause(verdict.pauseFor(), verdict.reason()));
  }

  /** The provider account as last read (SES), if it could be. */
  public Optional<ProviderAccount> account() {
    return provider.account();
  }

  /** Why the provider account could not be read, when it could not. */
  public Optional<String> accountProblem() {
    return provider.problem();
  }

  /**
   * Counts {@code count} complaints (feedback reports) against this upstream, pausing it if the guard
   * says so. False when its guard is off, and nothing counts them.
   */
  public boolean recordComplaints(int count, Instant now) {
    if (guard.isEmpty()) {
      return false;
    }
    guard.get().recordComplaints(count, now).ifPresent(verdict -> health.pause(verdict.pauseFor(), verdict.reason()));
    return true;
  }

  /**
   * Replaces {@code old} (same upstream, settings changed by a reload): its deliveries in flight count as
   * sent here, since they may yet be, and a pause it was under carries over with its reason.
   */
  void takeOver(UpstreamRuntime old, Instant now) {
    long inFlight = old.quota(now).reserved();
    if (inFlight > 0) {
      quota.restore(now, inFlight);
    }
    HealthStatus status = old.health().status(now);
    status.until().ifPresent(until -> health.pauseUntil(until, status.reason()));
  }

  /** Deliveries in flight through it, by recipients reserved. */
  public long inFlight(Instant now) {
    return quota(now).reserved();
  }

  public void release(Admission admission) {
    admission.reservation().release();
  }

  public QuotaStatus quota(Instant now) {
    return quota.status(now);
  }

  public Optional<GuardStatus> guardStatus(Instant now) {
    return guard.map(g -> g.status(now));
  }

  /** "day 3 of 8 (200/day)", the reason it holds, or "" without warmup. */
  public String warmupSummary() {
    if (warmup.isEmpty()) {
      return "";
    }
    WarmupSchedule schedule = warmup.get();
    if (schedule.isOver()) {
      return "done";
    }
    String today = "step " + (schedule.state().step() + 1) + " (" + schedule.capToday().orElse(0) + "/day)";
    return schedule.heldReason().map(reason -> today + ", " + reason).orElse(today);
  }

  private void advanceWarmup(Instant now) {
    if (warmup.isEmpty() || warmup.get().isOver()) {
      return;
    }
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    WarmupGate.Verdict verdict = guard.isEmpty()
        ? WarmupGate.Verdict.ofHealthy()
        : gate().judge(guard.get().status(now).bounceRate(), guard.get().status(now).deferralRate());
    if (warmup.get().advance(today, verdict)) {
      journal.recordWarmup(warmup.get().state());
      log.info("upstream={} warmup moved to {}", name(), warmupSummary());
    }
  }

  private WarmupGate gate() {
    GuardConfig thresholds = config.guard();
    return new WarmupGate(thresholds.bounceRate(), thresholds.deferralRate());
  }

  private static String capped(QuotaStatus usage) {
    String limit = switch (usage.binding()) {
      case HOURLY -> "hourly limit " + usage.hourlyLimit().orElse(0);
      case DAILY -> "daily limit " + usage.dailyCap().orElse(0);
      case WARMUP_CAP -> "warmup cap " + usage.dailyCap().orElse(0) + "/day";
      case WARMUP_PACE -> "warmup pace (" + usage.warmupAllowance().orElse(0) + " so far today)";
      case ACCOUNT -> usage.dailyCap().isPresent()
          ? "account quota " + usage.dailyCap().getAsLong() + "/24h"
          : "account quota (the provider said it is used up)";
      case NONE -> "limit";
    };
    return "capped: " + limit + " reached, frees in " + shortDuration(usage.freesIn());
  }

  static String shortDuration(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 7200) {
      return (seconds / 60) + "m";
    }
    return (seconds / 3600) + "h" + ((seconds % 3600) / 60) + "m";
  }

  @Override
  public void close() {
    health.close();
    client.close();
    try {
      journal.close();
    } catch (IOException e) {
      log.warn("upstream={} usage journal: {}", name(), e.toString());
    }
  }
}
