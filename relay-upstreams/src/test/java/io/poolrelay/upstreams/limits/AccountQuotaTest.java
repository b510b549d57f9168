package io.poolrelay.upstreams.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.limits.QuotaStatus.Binding;
import io.poolrelay.upstreams.time.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A provider account's quota (SES GetAccount) joining the configured limits of a {@link SendingQuota}. */
class AccountQuotaTest {

  private final FakeTime time = new FakeTime(Instant.parse("2026-11-01T10:00:00Z"));

  private static SendingQuota dailyLimit(long daily) {
    return new SendingQuota(OptionalLong.empty(), OptionalLong.of(daily), Optional.empty(), UsageRecorder.NONE);
  }

  @Test
  void anAccountQuotaBelowTheDailyLimitClampsItAndWhatWasSentElsewhereCounts() {
    SendingQuota quota = dailyLimit(1000);

    quota.applyAccount(OptionalLong.of(200), 50, time.instant());

    assertEquals(150, quota.roomLeft(time.instant()));
    QuotaStatus status = quota.status(time.instant());
    assertEquals(OptionalLong.of(200), status.dailyCap());
    assertEquals(50, status.usedLast24Hours());
    assertEquals(Binding.ACCOUNT, status.binding());
  }

  @Test
  void theConfiguredLimitStillBindsWhenItIsTheSmaller() {
    SendingQuota quota = dailyLimit(100);

    quota.applyAccount(OptionalLong.of(50_000), 0, time.instant());

    assertEquals(100, quota.roomLeft(time.instant()));
    assertEquals(Binding.DAILY, quota.status(time.instant()).binding());
  }

  @Test
  void ownSendsAreNotCountedTwiceAtTheNextRead() {
    SendingQuota quota = dailyLimit(1000);
    quota.applyAccount(OptionalLong.of(200), 50, time.instant());
    quota.tryReserve(30, time.instant()).orElseThrow().commit(30, time.instant());
    assertEquals(120, quota.roomLeft(time.instant()));

    time.advance(Duration.ofMinutes(1));
    // The provider now counts our 30 as well as the 50 sent elsewhere.
    quota.applyAccount(OptionalLong.of(200), 80, time.instant());

    assertEquals(120, quota.roomLeft(time.instant()));
  }

  @Test
  void anUnlimitedAccountLeavesTheConfiguredLimits() {
    SendingQuota unlimited = new SendingQuota(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(),
        UsageRecorder.NONE);

    unlimited.applyAccount(OptionalLong.empty(), 5_000, time.instant());

    assertEquals(Long.MAX_VALUE, unlimited.roomLeft(time.instant()));
  }

  @Test
  void anExhaustedAccountHasNoRoomUntilAReadShowsSome() {
    SendingQuota quota = dailyLimit(1000);
    quota.applyAccount(OptionalLong.of(200), 0, time.instant());

    quota.accountExhausted(time.instant());

    assertEquals(0, quota.roomLeft(time.instant()));
    QuotaStatus status = quota.status(time.instant());
    assertFalse(status.hasRoom());
    assertEquals(Binding.ACCOUNT, status.binding());
    assertEquals(Duration.ofDays(1), status.freesIn(), "others' sends free only when the account's day has passed");

    quota.applyAccount(OptionalLong.of(200), 150, time.instant());
    assertEquals(50, quota.roomLeft(time.instant()));
  }

  @Test
  void anExhaustedAccountWhoseQuotaIsUnknownWaitsTheProvidersDay() {
    SendingQuota quota = dailyLimit(1000);

    quota.accountExhausted(time.instant());

    assertEquals(0, quota.roomLeft(time.instant()));
    assertEquals(Duration.ofDays(1), quota.status(time.instant()).freesIn());
    time.advance(Duration.ofDays(1));
    assertTrue(quota.status(time.instant()).hasRoom());
  }
}
