package io.poolrelay.upstreams.health;

import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.DeliveryOutcome.Deferred;
import io.poolrelay.upstreams.DeliveryOutcome.Delivered;
import io.poolrelay.upstreams.DeliveryOutcome.Rejected;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.RecipientOutcome;
import io.poolrelay.upstreams.TransactionResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Watches one upstream's hard bounce, deferral and complaint rates over a rolling window and says when
 * they are bad enough to pause it.
 *
 * <p><b>What counts.</b> Each recipient outcome is one sample: {@code Delivered}; a hard bounce, which is
 * a {@code Rejected} with {@code RECIPIENT} or {@code MESSAGE} scope answering {@code RCPT}, {@code DATA}
 * or {@code END_OF_DATA}; a deferral, which is a 4xx {@code Deferred} with {@code RECIPIENT} or
 * {@code MESSAGE} scope that is not ambiguous. Everything else is left out: {@code UPSTREAM}-scope outcomes
 * are the upstream failing, not its mail being judged (that is {@link UpstreamHealth}'s business); a 5xx
 * to {@code MAIL} is about the sender or the size, often composed by the relay itself; an ambiguous
 * deferral is a broken connection, not the peer's word. Complaints come from {@link #recordComplaints} and
 * are counted per delivered recipient.
 *
 * <p><b>Window.</b> Outcomes go into 60 buckets spanning {@code window} (one minute each for an hour), so
 * an outcome falls out between {@code window - window/60} and {@code window} after it was recorded.
 *
 * <p><b>Verdict.</b> After each record, once the sample reaches {@code minSample}, any rate above its
 * threshold yields a {@link GuardVerdict} to pause for {@code pauseFor}, its reason carrying the figures.
 * The window then starts afresh, and no verdict comes during the next {@code pauseFor} (outcomes still in
 * flight are counted toward the new window), so a pause is not extended by the figures that caused it.
 * Thread-safe.
 */
public final class ReputationGuard {

  private static final int BUCKETS = 60;
  private static final Set<String> BOUNCE_COMMANDS = Set.of("RCPT", "DATA", "END_OF_DATA");

  private final String upstream;
  private final Duration window;
  private final int minSample;
  private final double maxBounceRate;
  private final double maxDeferralRate;
  private final double maxComplaintRate;
  private final Duration pauseFor;
  private final long bucketMillis;

  private final long[] bucketIndex = new long[BUCKETS];
  private final long[] delivered = new long[BUCKETS];
  private final long[] hardBounces = new long[BUCKETS];
  private final long[] deferrals = new long[BUCKETS];
  private final long[] complaints = new long[BUCKETS];
  private Instant quietUntil = Instant.MIN;

  /**
   * @param window           how far back the rates look (default 1h); at least 60 ms
   * @param minSample        recipient outcomes needed before a verdict (default 200)
   * @param maxBounceRate    as a fraction: 0.03 for 3%
   * @param maxDeferralRate  as a fraction: 0.2 for 20%
   * @param maxComplaintRate as a fraction: 0.001 for 0.1%
   * @param pauseFor         how long a verdict pauses the upstream (default 1h)
   */
  public ReputationGuard(
      String upstream,
      Duration window,
      int minSample,
      double maxBounceRate,
      double maxDeferralRate,
      double maxComplaintRate,
      Duration pauseFor) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.window = Objects.requireNonNull(window, "window");
    this.pauseFor = Objects.requireNonNull(pauseFor, "pauseFor");
    if (window.toMillis() < BUCKETS) {
      throw new IllegalArgumentException("upstream " + upstream + ": guard window was " + window
          + " but it must be >= " + BUCKETS + "ms");
    }
    if (minSample < 1) {
      throw new IllegalArgumentException("upstream " + upstream + ": guard minSample was " + minSample
          + " but it must be >= 1");
    }
    requireFraction("maxBounceRate", maxBounceRate);
    requireFraction("maxDeferralRate", maxDeferralRate);
    requireFraction("maxComplaintRate", maxComplaintRate);
    if (pauseFor.isNegative() || pauseFor.isZero()) {
      throw new IllegalArgumentException("upstream " + upstream + ": guard pauseFor was " + pauseFor
          + " but it must be positive");
    }
    this.minSample = minSample;
    this.maxBounceRate = maxBounceRate;
    this.maxDeferralRate = maxDeferralRate;
    this.maxComplaintRate = maxComplaintRate;
    this.bucketMillis = window.toMillis() / BUCKETS;
    Arrays.fill(bucketIndex, Long.MIN_VALUE);
  }

  public String upstream() {
    return upstream;
  }

  /** Counts the result's recipient outcomes at {@code now}; a verdict if the rates call for a pause. */
  public synchronized Optional<GuardVerdict> record(TransactionResult result, Instant now) {
    int slot = slot(now);
    for (RecipientOutcome outcome : result.outcomes()) {
      switch (classify(outcome.outcome())) {
        case DELIVERED -> delivered[slot]++;
        case HARD_BOUNCE -> hardBounces[slot]++;
        case DEFERRAL -> deferrals[slot]++;
        case IGNORED -> { }
      }
    }
    return verdict(now);
  }

  /**
   * Counts {@code count} complaints (feedback reports about mail this upstream delivered) at {@code now};
   * a verdict if the rates call for a pause.
   */
  public synchronized Optional<GuardVerdict> recordComplaints(int count, Instant now) {
    if (count < 1) {
      throw new IllegalArgumentException("complaints must be >= 1, was " + count);
    }
    complaints[slot(now)] += count;
    return verdict(now);
  }

  /** The figures over the window ending at {@code now}. */
  public synchronized GuardStatus status(Instant now) {
    long current = index(now);
    long d = 0;
    long b = 0;
    long f = 0;
    long c = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (bucketIndex[i] > current - BUCKETS && bucketIndex[i] <= current) {
        d += delivered[i];
        b += hardBounces[i];
        f += deferrals[i];
        c += complaints[i];
      }
    }
    return new GuardStatus(d, b, f, c, window);
  }

  /**
   * For the warmup gate: true while every rate is at or under its threshold or the sample is still too
   * small to judge; false during the {@code pauseFor} after a verdict.
   */
  public synchronized boolean signalsHealthy(Instant now) {
    if (now.isBefore(quietUntil)) {
      return false;
    }
    GuardStatus status = status(now);
    return status.sample() < minSample || excesses(status).isEmpty();
  }

  private Optional<GuardVerdict> verdict(Instant now) {
    if (now.isBefore(quietUntil)) {
      return Optional.empty();
    }
    GuardStatus status = status(now);
    if (status.sample() < minSample) {
      return Optional.empty();
    }
    List<String> excesses = excesses(status);
    if (excesses.isEmpty()) {
      return Optional.empty();
    }
    quietUntil = now.plus(pauseFor);
    Arrays.fill(bucketIndex, Long.MIN_VALUE);
    return Optional.of(new GuardVerdict(upstream, "guard: " + String.join("; ", excesses), pauseFor, status));
  }

  private List<String> excesses(GuardStatus s) {
    List<String> excesses = new ArrayList<>();
    String in = " in " + format(window) + ")";
    if (s.bounceRate() > maxBounceRate) {
      excesses.add("bounce rate " + percent(s.bounceRate()) + " (" + s.hardBounces() + " of " + s.sample() + in
          + " over " + percent(maxBounceRate));
    }
    if (s.deferralRate() > maxDeferralRate) {
      excesses.add("deferral rate " + percent(s.deferralRate()) + " (" + s.deferrals() + " of " + s.sample() + in
          + " over " + percent(maxDeferralRate));
    }
    if (s.complaintRate() > maxComplaintRate) {
      excesses.add("complaint rate " + percent(s.complaintRate()) + " (" + s.complaints() + " of " + s.delivered()
          + " delivered" + in + " over " + percent(maxComplaintRate));
    }
    return excesses;
  }

  private enum Kind { DELIVERED, HARD_BOUNCE, DEFERRAL, IGNORED }

  private static Kind classify(DeliveryOutcome outcome) {
    if (outcome instanceof Delivered) {
      return Kind.DELIVERED;
    }
    if (outcome.scope() == FailureScope.UPSTREAM) {
      return Kind.IGNORED;
    }
    if (outcome instanceof Rejected rejected && rejected.reply().isPermanent()
        && BOUNCE_COMMANDS.contains(rejected.reply().command())) {
      return Kind.HARD_BOUNCE;
    }
    if (outcome instanceof Deferred deferred && !deferred.ambiguous() && deferred.reply().isTransient()) {
      return Kind.DEFERRAL;
    }
    return Kind.IGNORED;
  }

  /** The bucket for {@code now}, emptied first if it last held an older stretch of time. */
  private int slot(Instant now) {
    long index = index(now);
    int slot = (int) Math.floorMod(index, (long) BUCKETS);
    if (bucketIndex[slot] != index) {
      bucketIndex[slot] = index;
      delivered[slot] = 0;
      hardBounces[slot] = 0;
      deferrals[slot] = 0;
      complaints[slot] = 0;
    }
    return slot;
  }

  private long index(Instant now) {
    return Math.floorDiv(now.toEpochMilli(), bucketMillis);
  }

  private void requireFraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("upstream " + upstream + ": guard " + name + " was " + value
          + " but it must be a fraction in 0..1");
    }
  }

  /** {@code 4.2%}, {@code 3%}, {@code 0.15%}: at most two decimals. */
  static String percent(double fraction) {
    return BigDecimal.valueOf(fraction * 100).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
        + "%";
  }

  /** {@code 1h}, {@code 30m}, {@code 90s}: the largest whole unit. */
  static String format(Duration duration) {
    if (duration.toSeconds() % 3600 == 0 && duration.toNanosPart() == 0) {
      return duration.toHours() + "h";
    }
    if (duration.toSeconds() % 60 == 0 && duration.toNanosPart() == 0) {
      return duration.toMinutes() + "m";
    }
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
  }
}
