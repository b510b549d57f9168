package io.poolrelay.server.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.UpstreamSignal;
import io.poolrelay.upstreams.limits.ProviderAccount;
import io.poolrelay.upstreams.limits.SendingQuota;
import io.poolrelay.upstreams.limits.UsageRecorder;
import io.poolrelay.upstreams.time.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the relay does with what a provider says of its account, on a fake clock. */
class ProviderStateTest {

  private final FakeTime time = new FakeTime(Instant.parse("2026-12-01T10:00:00Z"));
  private final SendingQuota quota =
      new SendingQuota(OptionalLong.empty(), OptionalLong.of(1000), Optional.empty(), UsageRecorder.NONE);
  private final List<String> pauses = new ArrayList<>();

  private ProviderState state(boolean useAccountQuota, OptionalDouble configuredRate) {
    ProviderState state = new ProviderState("ses", useAccountQuota, quota, configuredRate, 1, time);
    state.pausesThrough(pauses::add);
    return state;
  }

  private static ProviderAccount account(long daily, double rate, long sent, boolean sandbox, boolean sending) {
    return new ProviderAccount(OptionalLong.of(daily), OptionalDouble.of(rate), sent, sandbox, sending, "HEALTHY");
  }

  @Test
  void theAccountsRateClampsTheConfiguredOneWhenLower() {
    ProviderState state = state(true, OptionalDouble.of(50));

    state.accountRead(account(50_000, 14, 0, false, true));
    assertEquals(14.0, state.rate().orElseThrow().rate());

    state.accountRead(account(50_000, 200, 0, false, true));
    assertEquals(50.0, state.rate().orElseThrow().rate());
  }

  @Test
  void withoutUseAccountQuotaTheAccountIsShownButChangesNoLimit() {
    ProviderState state = state(false, OptionalDouble.empty());

    state.accountRead(account(200, 1, 150, true, true));

    assertTrue(state.rate().isEmpty());
    assertEquals(1000, quota.roomLeft(time.instant()));
    assertTrue(state.account().orElseThrow().sandbox());
  }

  @Test
  void theAccountsDailyQuotaAndWhatItSentElsewhereLimitTheQuota() {
    ProviderState state = state(true, OptionalDouble.empty());

    state.accountRead(account(200, 1, 150, true, true));

    assertEquals(50, quota.roomLeft(time.instant()));
  }

  @Test
  void throttlingBacksOffOneSecondThenDoublesUpToAMinuteAndASendStartsAgain() {
    ProviderState state = state(true, OptionalDouble.empty());
    UpstreamSignal throttled = new UpstreamSignal.Throttled("SES throttled: Maximum sending rate exceeded.");

    state.signalled(throttled, time.instant());
    assertEquals(Optional.of(time.instant().plusSeconds(1)), state.throttledUntil(time.instant()));
    time.advance(Duration.ofSeconds(1));
    assertTrue(state.throttled(time.instant()).isEmpty());

    for (int i = 0; i < 8; i++) {
      state.signalled(throttled, time.instant());
    }
    assertEquals(Optional.of(time.instant().plus(Duration.ofMinutes(1))), state.throttledUntil(time.instant()),
        "2, 4, ... seconds, at most a minute");

    state.sent();
    state.signalled(throttled, time.instant());
    assertEquals(Optional.of(time.instant().plusSeconds(1)), state.throttledUntil(time.instant()));
  }

  @Test
  void aStoppedAccountOrAStoppingAnswerPausesUntilResumed() {
    ProviderState state = state(true, OptionalDouble.empty());

    state.accountRead(account(200, 1, 0, false, false));
    state.signalled(new UpstreamSignal.SendingStopped("SES AccountSuspendedException: suspended"), time.instant());

    assertEquals(2, pauses.size());
    assertTrue(pauses.get(0).startsWith("provider account cannot send: "), pauses.get(0));
    assertEquals("SES AccountSuspendedException: suspended", pauses.get(1));
  }

  @Test
  void aUsedUpQuotaCapsUntilTheNextReadShowsRoom() {
    ProviderState state = state(true, OptionalDouble.empty());
    state.accountRead(account(200, 1, 10, false, true));

    state.signalled(new UpstreamSignal.QuotaExhausted("SES daily quota exceeded"), time.instant());
    assertEquals(0, quota.roomLeft(time.instant()));

    state.accountRead(account(200, 1, 190, false, true));
    assertEquals(10, quota.roomLeft(time.instant()));
  }

  @Test
  void anAccountThatCannotBeReadIsReportedWithItsReason() {
    ProviderState state = state(true, OptionalDouble.of(5));

    state.accountUnreadable("account not readable (AccessDenied): configured limits apply");

    assertEquals(Optional.of("account not readable (AccessDenied): configured limits apply"), state.problem());
    assertEquals(5.0, state.rate().orElseThrow().rate());
    assertEquals(1000, quota.roomLeft(time.instant()));
  }
}
