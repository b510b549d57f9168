package io.poolrelay.upstreams.limits;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A provider account's sending quota and standing as its API reports them (SES {@code GetAccount}).
 *
 * @param dailyQuota       recipients per rolling 24 hours; empty when unlimited
 * @param maxRate          recipients per second; empty when unlimited
 * @param sentLast24Hours  what the account sent in the last 24 hours, through this relay or anything else
 * @param sandbox          the account may send only to verified recipients, and little
 * @param sendingEnabled   the provider lets the account send
 * @param enforcement      the provider's verdict on the account ({@code HEALTHY}, {@code PROBATION},
 *                         {@code SHUTDOWN}); empty when it gives none
 */
public record ProviderAccount(OptionalLong dailyQuota, OptionalDouble maxRate, long sentLast24Hours,
    boolean sandbox, boolean sendingEnabled, String enforcement) {

  public ProviderAccount {
    Objects.requireNonNull(dailyQuota, "dailyQuota");
    Objects.requireNonNull(maxRate, "maxRate");
    Objects.requireNonNull(enforcement, "enforcement");
  }

  /** Whether the provider would refuse to send anything now. */
  public boolean stopped() {
    return !sendingEnabled || "SHUTDOWN".equals(enforcement);
  }

  /** "200/24h, 1/s, 12 sent in 24h, sandbox", as shown next to the upstream. */
  public String summary() {
    return (dailyQuota.isPresent() ? dailyQuota.getAsLong() + "/24h" : "unlimited/24h")
        + ", " + (maxRate.isPresent() ? trim(maxRate.getAsDouble()) + "/s" : "unlimited/s")
        + ", " + sentLast24Hours + " sent in 24h"
        + (sandbox ? ", sandbox" : "")
        + (enforcement.isEmpty() || "HEALTHY".equals(enforcement) ? "" : ", " + enforcement.toLowerCase())
        + (sendingEnabled ? "" : ", sending disabled");
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
