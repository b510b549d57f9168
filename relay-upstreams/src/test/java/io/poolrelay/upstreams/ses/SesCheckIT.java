package io.poolrelay.upstreams.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.limits.AccountObserver;
import io.poolrelay.upstreams.limits.ProviderAccount;
import io.poolrelay.upstreams.sesstub.RecordedRequest;
import io.poolrelay.upstreams.sesstub.SesAnswer;
import io.poolrelay.upstreams.sesstub.SesErrorAnswers;
import io.poolrelay.upstreams.sesstub.SesStub;
import io.poolrelay.upstreams.sesstub.StubAccount;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link SesCheck} (a signed GetAccount through the real SDK client) against {@link SesStub}: what it
 * reads from the account, where it says a check failed, and what the {@link AccountObserver} is told.
 */
class SesCheckIT {

  /** Every call an {@link AccountObserver} gets, in order. */
  private static final class RecordingObserver implements AccountObserver {

    final List<ProviderAccount> read = new CopyOnWriteArrayList<>();
    final List<String> unreadable = new CopyOnWriteArrayList<>();

    @Override
    public void accountRead(ProviderAccount account) {
      read.add(account);
    }

    @Override
    public void accountUnreadable(String reason) {
      unreadable.add(reason);
    }
  }

  private final RecordingObserver observer = new RecordingObserver();

  private SesCheck.Result check(SesStub ses) {
    try (var upstream = SesConfigs.at(ses.endpoint()).upstream()) {
      return new SesCheck(upstream, observer).run();
    }
  }

  @Test
  void productionAccountIsReadWithItsQuotaAndTheObserverIsTold() {
    try (var ses = SesStub.start(StubAccount.production().withSentLast24Hours(12.5), false)) {
      SesCheck.Result result = check(ses);

      ProviderAccount expected =
          new ProviderAccount(OptionalLong.of(50_000), OptionalDouble.of(14), 13, false, true, "HEALTHY");
      assertTrue(result.ok(), result.toString());
      assertEquals(Optional.empty(), result.failedStage());
      assertEquals(Optional.of(expected), result.account());
      assertEquals("50000/24h, 14/s, 13 sent in 24h", expected.summary());
      assertEquals("SES account in us-east-1 at " + ses.endpoint() + ": 50000/24h, 14/s, 13 sent in 24h", result.detail());
      assertEquals(List.of(expected), observer.read);
      assertEquals(List.of(), observer.unreadable);
      // One signed GetAccount, nothing else.
      assertEquals(List.of("GET /v2/email/account -> 200 (connection 0)"),
          ses.requests().stream().map(RecordedRequest::toString).toList());
      assertTrue(ses.requests().getFirst().headers().get("authorization").getFirst()
          .startsWith("AWS4-HMAC-SHA256 Credential=" + SesConfigs.KEY_ID + "/"));
    }
  }

  @Test
  void sandboxAccountIsReadAsTwoHundredADayAtOneASecond() {
    try (var ses = SesStub.start(StubAccount.sandbox().withMax24HourSend(200).withMaxSendRate(1), false)) {
      SesCheck.Result result = check(ses);

      ProviderAccount account = result.account().orElseThrow();
      assertTrue(result.ok(), result.toString());
      assertEquals(OptionalLong.of(200), account.dailyQuota());
      assertEquals(OptionalDouble.of(1), account.maxRate());
      assertTrue(account.sandbox());
      assertEquals("200/24h, 1/s, 0 sent in 24h, sandbox", account.summary());
      assertTrue(result.detail().endsWith(": 200/24h, 1/s, 0 sent in 24h, sandbox"), result.detail());
      assertEquals(List.of(account), observer.read);
    }
  }

  @Test
  void unlimitedDailyQuotaIsReadAsNoQuota() {
    try (var ses = SesStub.start(StubAccount.production().withMax24HourSend(-1), false)) {
      SesCheck.Result result = check(ses);

      ProviderAccount account = result.account().orElseThrow();
      assertTrue(result.ok(), result.toString());
      assertEquals(OptionalLong.empty(), account.dailyQuota());
      assertEquals("unlimited/24h, 14/s, 0 sent in 24h", account.summary());
      assertEquals(List.of(account), observer.read);
    }
  }

  @Test
  void accountWithSendingDisabledFailsAtAccountAndTheObserverStillHearsOfIt() {
    try (var ses = SesStub.start(StubAccount.production().withSendingEnabled(false), false)) {
      SesCheck.Result result = check(ses);

      assertFalse(result.ok());
      assertEquals(Optional.of(SesStage.ACCOUNT), result.failedStage());
      ProviderAccount account = result.account().orElseThrow();
      assertFalse(account.sendingEnabled());
      assertTrue(result.detail().endsWith("cannot send: 50000/24h, 14/s, 0 sent in 24h, sending disabled"),
          result.detail());
      assertEquals(List.of(account), observer.read); // So the upstream pauses.
    }
  }

  @Test
  void accountShutDownByEnforcementFailsAtAccountAndTheObserverStillHearsOfIt() {
    try (var ses = SesStub.start(StubAccount.production().withEnforcementStatus("SHUTDOWN"), false)) {
      SesCheck.Result result = check(ses);

      assertFalse(result.ok());
      assertEquals(Optional.of(SesStage.ACCOUNT), result.failedStage());
      assertEquals("SHUTDOWN", result.account().orElseThrow().enforcement());
      assertTrue(result.detail().endsWith("cannot send: 50000/24h, 14/s, 0 sent in 24h, shutdown"), result.detail());
      assertEquals(List.of(result.account().orElseThrow()), observer.read);
    }
  }

  @Test
  void accessDeniedOnGetAccountPassesWithTheConfiguredLimitsAndTellsTheObserverWhy() {
    try (var ses = SesStub.start()) {
      ses.enqueueAccount(SesErrorAnswers.accessDenied("ses:GetAccount"));

      SesCheck.Result result = check(ses);

      assertTrue(result.ok(), result.toString());
      assertEquals(Optional.empty(), result.account());
      assertTrue(result.detail().startsWith("credentials accepted; account not readable ("), result.detail());
      assertTrue(result.detail().endsWith("configured limits apply"), result.detail());
      assertEquals(List.of(), observer.read);
      assertEquals(1, observer.unreadable.size());
      assertTrue(observer.unreadable.getFirst().contains("ses:GetAccount"), observer.unreadable.getFirst());
      assertTrue(observer.unreadable.getFirst().endsWith("configured limits apply"), observer.unreadable.getFirst());
    }
  }

  @Test
  void throttledGetAccountPassesAndKeepsTheLastReading() {
    try (var ses = SesStub.start()) {
      ses.enqueueAccount(SesErrorAnswers.maximumSendingRateExceeded());

      SesCheck.Result result = check(ses);

      assertTrue(result.ok(), result.toString());
      assertTrue(result.detail().startsWith("GetAccount throttled, last reading kept: SES TooManyRequestsException"),
          result.detail());
      assertNothingTold();
    }
  }

  @Test
  void unrecognizedClientFailsAtCredentials() {
    try (var ses = SesStub.start()) {
      ses.enqueueAccount(SesErrorAnswers.unrecognizedClient());

      SesCheck.Result result = check(ses);

      assertFalse(result.ok());
      assertEquals(Optional.of(SesStage.CREDENTIALS), result.failedStage());
      assertTrue(result.detail().startsWith("SES UnrecognizedClientException: The security token included in the"
          + " request is invalid."), result.detail());
      assertNothingTold();
    }
  }

  @Test
  void refusedEndpointFailsAtEndpoint() {
    try (var upstream = SesConfigs.at(SesStub.refusingEndpoint()).upstream()) {
      SesCheck.Result result = new SesCheck(upstream, observer).run();

      assertFalse(result.ok());
      assertEquals(Optional.of(SesStage.ENDPOINT), result.failedStage());
      assertTrue(result.detail().startsWith("SES endpoint not reached: "), result.detail());
      assertNothingTold();
    }
  }

  @Test
  void internalServiceErrorFailsAtEndpoint() {
    try (var ses = SesStub.start()) {
      ses.enqueueAccount(SesErrorAnswers.internalServiceError());

      SesCheck.Result result = check(ses);

      assertFalse(result.ok());
      assertEquals(Optional.of(SesStage.ENDPOINT), result.failedStage());
      assertTrue(result.detail().startsWith("SES InternalServiceErrorException: "), result.detail());
      assertNothingTold();
    }
  }

  @Test
  void plain503FailsAtEndpoint() {
    try (var ses = SesStub.start()) {
      ses.enqueueAccount(SesErrorAnswers.serviceUnavailableHtml());

      SesCheck.Result result = check(ses);

      assertFalse(result.ok());
      assertEquals(Optional.of(SesStage.ENDPOINT), result.failedStage());
      assertTrue(result.detail().startsWith("SES HTTP 503: "), result.detail());
      assertNothingTold();
    }
  }

  @Test
  void getAccountWithoutAnAnswerFailsAtEndpointAfterTheCommandTimeout() {
    try (var ses = SesStub.start();
        var upstream = SesConfigs.at(ses.endpoint()).commandTimeout(Duration.ofMillis(500)).upstream()) {
      ses.enqueueAccount(SesAnswer.stall());

      SesCheck.Result result = new SesCheck(upstream, observer).run();

      assertFalse(result.ok());
      assertEquals(Optional.of(SesStage.ENDPOINT), result.failedStage());
      assertTrue(result.detail().startsWith("SES gave no answer: "), result.detail());
      assertNothingTold();
    }
  }

  private void assertNothingTold() {
    assertEquals(List.of(), observer.read);
    assertEquals(List.of(), observer.unreadable);
  }
}
