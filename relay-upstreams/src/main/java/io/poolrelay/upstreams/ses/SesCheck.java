package io.poolrelay.upstreams.ses;

import io.poolrelay.upstreams.UpstreamSignal;
import io.poolrelay.upstreams.limits.AccountObserver;
import io.poolrelay.upstreams.limits.ProviderAccount;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The signed {@code GetAccount} call that checks an SES upstream: it proves the credentials and the
 * endpoint, and reads the quota and standing, which go to the {@link AccountObserver}. An IAM policy
 * without {@code ses:GetAccount} still passes (the credentials were accepted), with the configured
 * limits in force and the reason reported.
 */
public final class SesCheck {

  /** What one check found. {@code account} is present when it could be read. */
  public record Result(boolean ok, Optional<SesStage> failedStage, String detail, Optional<ProviderAccount> account) {

    @Override
    public String toString() {
      return ok ? "ok: " + detail : failedStage.orElseThrow() + " failed: " + detail;
    }
  }

  private final SesUpstream upstream;
  private final AccountObserver observer;

  public SesCheck(SesUpstream upstream, AccountObserver observer) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  public Result run() {
    ProviderAccount account;
    try {
      account = SesAccounts.of(upstream.readAccount());
    } catch (SdkException e) {
      if (SesErrors.isAccessDenied(e)) {
        String reason = "account not readable (" + e.getMessage() + "): configured limits apply";
        observer.accountUnreadable(reason);
        return new Result(true, Optional.empty(), "credentials accepted; " + reason, Optional.empty());
      }
      SesErrors.Failure failure = SesErrors.ofRead(e);
      if (failure.signal().orElse(null) instanceof UpstreamSignal.Throttled) {
        // GetAccount has a rate of its own (one a second): SES answered, so the account is there and the
        // credentials work; the last reading stays in force.
        return new Result(true, Optional.empty(), "GetAccount throttled, last reading kept: "
            + failure.outcome().reply().text(), Optional.empty());
      }
      return new Result(false, Optional.of(failure.stage()), failure.outcome().reply().text(), Optional.empty());
    }
    observer.accountRead(account);
    String where = upstream.config().region() + upstream.config().endpoint().map(uri -> " at " + uri).orElse("");
    if (account.stopped()) {
      return new Result(false, Optional.of(SesStage.ACCOUNT),
          "SES account in " + where + " cannot send: " + account.summary(), Optional.of(account));
    }
    return new Result(true, Optional.empty(), "SES account in " + where + ": " + account.summary(),
        Optional.of(account));
  }
}
