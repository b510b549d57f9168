package io.poolrelay.upstreams.health;

import java.time.Duration;
import java.util.Objects;

/**
 * A reputation guard's figures over its window, for display and for verdicts.
 *
 * @param delivered   recipients the upstream accepted
 * @param hardBounces recipients refused with a 5xx to RCPT, DATA or the final dot
 * @param deferrals   recipients deferred with a 4xx from the peer
 * @param complaints  feedback reports received
 */
public record GuardStatus(long delivered, long hardBounces, long deferrals, long complaints, Duration window) {

  public GuardStatus {
    Objects.requireNonNull(window, "window");
  }

  /** Recipient outcomes that count: delivered, hard bounces and deferrals. */
  public long sample() {
    return delivered + hardBounces + deferrals;
  }

  /** Hard bounces per recipient outcome; 0 with no sample. */
  public double bounceRate() {
    return ratio(hardBounces, sample());
  }

  /** Deferrals per recipient outcome; 0 with no sample. */
  public double deferralRate() {
    return ratio(deferrals, sample());
  }

  /**
   * Complaints per delivered recipient. Complaints arrive long after their delivery, so a window can hold
   * complaints and no deliveries: that counts as 100%.
   */
  public double complaintRate() {
    if (delivered == 0) {
      return complaints == 0 ? 0 : 1;
    }
    return ratio(complaints, delivered);
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
