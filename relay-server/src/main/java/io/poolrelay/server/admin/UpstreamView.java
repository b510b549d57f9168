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
 * @param account the provider account's quota and standing as last read (SES), why it could not be read,
 *     or "" for upstreams without one
 * @param sandbox the provider account is in its sandbox (SES: verified recipients only, 200 a day)
 */
public record UpstreamView(String name, String type, String state, String reason, Optional<Instant> since,
    Optional<Instant> until, long sentLastHour, OptionalLong hourlyLimit, long sentLast24h, OptionalLong dailyCap,
    String warmup, int inFlight, double bounceRate, double deferralRate, double complaintRate,
    String lastError, String account, boolean sandbox) {

  /** An upstream without a provider account (SMTP, file). */
  public UpstreamView(String name, String type, String state, String reason, Optional<Instant> since,
      Optional<Instant> until, long sentLastHour, OptionalLong hourlyLimit, long sentLast24h, OptionalLong dailyCap,
      String warmup, int inFlight, double bounceRate, double deferralRate, double complaintRate, String lastError) {
    this(name, type, state, reason, since, until, sentLastHour, hourlyLimit, sentLast24h, dailyCap, warmup, inFlight,
        bounceRate, deferralRate, complaintRate, lastError, "", false);
  }

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
    Objects.requireNonNull(account, "account");
  }
}
