package io.poolrelay.server.admin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One upstream as the admin API shows it.
 *
 * @param state {@code up}, {@code down}, {@code paused}, {@code disabled} or {@code capped}
 * @param reason why it is in that state ("" when up)
 * @param since when it entered that state
 * @param until when that state ends by itself (a timed pause, a cap resetting), empty if it does not
 * @param warmup for example {@code "day 3 of 8 (200/day)"}, or "" when not warming up
 * @param bounceRate fraction of recent recipients bounced, 0 to 1
 * @param deferralRate fraction of recent attempts deferred, 0 to 1
 * @param complaintRate complaints reported per recent delivered recipient, 0 to 1
 * @param lastError the last error seen from this upstream, or ""
 */
public record UpstreamView(String name, String type, String state, String reason, Optional<Instant> since,
    Optional<Instant> until, long sentLastHour, OptionalLong hourlyLimit, long sentLast24h, OptionalLong dailyCap,
    String warmup, int inFlight, double bounceRate, double deferralRate, double complaintRate,
    String lastError) {

  public UpstreamView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(hourlyLimit, "hourlyLimit");
    Objects.requireNonNull(dailyCap, "dailyCap");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(lastError, "lastError");
  }
}
