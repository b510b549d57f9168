package io.poolrelay.upstreams.limits;

import java.util.Locale;
import java.util.Objects;

/**
 * The guard thresholds that let a warmup move to its next step: the upstream's bounce and deferral rates
 * (fractions, 0.03 = 3%) must both stay under them.
 */
public record WarmupGate(double maxBounceRate, double maxDeferralRate) {

  public WarmupGate {
    checkFraction("maxBounceRate", maxBounceRate);
    checkFraction("maxDeferralRate", maxDeferralRate);
  }

  /** Whether the signals let the warmup move on, and if not, why (for display). */
  public record Verdict(boolean healthy, String reason) {
    public Verdict {
      Objects.requireNonNull(reason, "reason");
    }

    public static Verdict ofHealthy() {
      return new Verdict(true, "");
    }

    public static Verdict unhealthy(String reason) {
      return new Verdict(false, reason);
    }
  }

  /** Judges live rates (fractions): healthy only while both are under their thresholds. */
  public Verdict judge(double bounceRate, double deferralRate) {
    if (bounceRate >= maxBounceRate) {
      return Verdict.unhealthy("bounce rate " + percent(bounceRate) + " over " + percent(maxBounceRate));
    }
    if (deferralRate >= maxDeferralRate) {
      return Verdict.unhealthy("deferral rate " + percent(deferralRate) + " over " + percent(maxDeferralRate));
    }
    return Verdict.ofHealthy();
  }

  private static String percent(double fraction) {
    String text = String.format(Locale.ROOT, "%.1f", fraction * 100);
    return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + "%";
  }

  private static void checkFraction(String name, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
    }
  }
}
