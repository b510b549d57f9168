package io.poolrelay.upstreams.ses;

import io.poolrelay.upstreams.limits.ProviderAccount;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;
import software.amazon.awssdk.services.sesv2.model.SendQuota;

/** Reads SES's {@code GetAccount} answer as a {@link ProviderAccount}. */
final class SesAccounts {

  private SesAccounts() {
  }

  static ProviderAccount of(GetAccountResponse response) {
    SendQuota quota = response.sendQuota();
    OptionalLong daily = OptionalLong.empty();
    OptionalDouble rate = OptionalDouble.empty();
    long sent = 0;
    if (quota != null) {
      // SES says -1 for an unlimited 24-hour quota.
      if (quota.max24HourSend() != null && quota.max24HourSend() >= 0) {
        daily = OptionalLong.of((long) Math.floor(quota.max24HourSend()));
      }
      if (quota.maxSendRate() != null && quota.maxSendRate() > 0) {
        rate = OptionalDouble.of(quota.maxSendRate());
      }
      if (quota.sentLast24Hours() != null) {
        sent = (long) Math.ceil(quota.sentLast24Hours());
      }
    }
    boolean sandbox = !Boolean.TRUE.equals(response.productionAccessEnabled());
    boolean sending = !Boolean.FALSE.equals(response.sendingEnabled());
    String enforcement = response.enforcementStatus() == null ? "" : response.enforcementStatus();
    return new ProviderAccount(daily, rate, sent, sandbox, sending, enforcement);
  }
}
