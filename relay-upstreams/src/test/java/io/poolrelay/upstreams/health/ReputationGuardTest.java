package io.poolrelay.upstreams.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.DeliveryOutcome.Deferred;
import io.poolrelay.upstreams.DeliveryOutcome.Delivered;
import io.poolrelay.upstreams.DeliveryOutcome.Rejected;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.RecipientOutcome;
import io.poolrelay.upstreams.SmtpReply;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.time.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReputationGuardTest {

  static final DeliveryOutcome DELIVERED = new Delivered(new SmtpReply(250, "2.0.0", "ok", "END_OF_DATA"));
  static final DeliveryOutcome UNKNOWN_USER =
      new Rejected(new SmtpReply(550, "5.1.1", "user unknown", "RCPT"), FailureScope.RECIPIENT);
  static final DeliveryOutcome SPAM =
      new Rejected(new SmtpReply(554, "5.7.1", "looks like spam", "END_OF_DATA"), FailureScope.MESSAGE);
  static final DeliveryOutcome GREYLISTED =
      new Deferred(new SmtpReply(451, "4.7.1", "greylisted", "RCPT"), FailureScope.RECIPIENT, false);

  private final FakeTime time = new FakeTime();
  private final ReputationGuard guard =
      new ReputationGuard("mx1", Duration.ofHours(1), 200, 0.03, 0.20, 0.001, Duration.ofHours(1));

  static TransactionResult of(DeliveryOutcome outcome, int recipients) {
    List<RecipientOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < recipients; i++) {
      outcomes.add(new RecipientOutcome("r" + i + "@example.net", outcome));
    }
    return new TransactionResult("mx1", outcomes);
  }

  private Optional<GuardVerdict> record(DeliveryOutcome outcome, int recipients) {
    return guard.record(of(outcome, recipients), time.instant());
  }

  @Test
  void belowTheMinimumSampleNothingPauses() {
    assertTrue(record(UNKNOWN_USER, 100).isEmpty());
    assertTrue(record(DELIVERED, 99).isEmpty());
    assertEquals(199, guard.status(time.instant()).sample());
    assertTrue(guard.signalsHealthy(time.instant()), "too small a sample to judge");
  }

  @Test
  void bounceRateOverTheThresholdPausesWithTheFiguresInTheReason() {
    assertTrue(record(DELIVERED, 479).isEmpty());
    assertTrue(record(SPAM, 6).isEmpty());
    GuardVerdict verdict = record(UNKNOWN_USER, 15).orElseThrow();
    assertEquals("guard: bounce rate 4.2% (21 of 500 in 1h) over 3%", verdict.reason());
    assertEquals(Duration.ofHours(1), verdict.pauseFor());
    assertEquals("mx1", verdict.upstream());
    assertEquals(21, verdict.figures().hardBounces());
  }

  @Test
  void bounceRateAtTheThresholdDoesNotPause() {
    assertTrue(record(DELIVERED, 194).isEmpty());
    assertTrue(record(UNKNOWN_USER, 6).isEmpty());
    assertEquals(0.03, guard.status(time.instant()).bounceRate(), 1e-9);
    assertTrue(guard.signalsHealthy(time.instant()));
  }

  @Test
  void deferralRateOverTheThresholdPauses() {
    record(DELIVERED, 180);
    GuardVerdict verdict = record(GREYLISTED, 60).orElseThrow();
    assertEquals("guard: deferral rate 25% (60 of 240 in 1h) over 20%", verdict.reason());
  }

  @Test
  void complaintsPerDeliveredRecipientPause() {
    record(DELIVERED, 1000);
    assertTrue(guard.recordComplaints(1, time.instant()).isEmpty(), "0.1% is not over 0.1%");
    GuardVerdict verdict = guard.recordComplaints(1, time.instant()).orElseThrow();
    assertEquals("guard: complaint rate 0.2% (2 of 1000 delivered in 1h) over 0.1%", verdict.reason());
  }

  @Test
  void everyRateOverItsThresholdIsNamed() {
    record(DELIVERED, 145);
    record(GREYLISTED, 45);
    GuardVerdict verdict = record(UNKNOWN_USER, 10).orElseThrow();
    assertEquals("guard: bounce rate 5% (10 of 200 in 1h) over 3%; deferral rate 22.5% (45 of 200 in 1h) over 20%",
        verdict.reason());
  }

  @Test
  void upstreamScopeMailRefusalsAndAmbiguousDeferralsAreLeftOut() {
    SmtpReply refused = new SmtpReply(421, "4.4.1", "connection refused", "CONNECT");
    SmtpReply senderBlocked = new SmtpReply(550, "5.7.1", "sender blocked", "MAIL");
    SmtpReply failoverCode = new SmtpReply(554, "5.7.1", "listed", "RCPT");
    record(new Deferred(refused, FailureScope.UPSTREAM, false), 500);
    record(new Rejected(failoverCode, FailureScope.UPSTREAM), 500);
    record(new Rejected(senderBlocked, FailureScope.MESSAGE), 500);
    record(new Deferred(new SmtpReply(451, "4.4.2", "lost after dot", "END_OF_DATA"), FailureScope.MESSAGE, true), 500);
    assertEquals(0, guard.status(time.instant()).sample());
  }

  @Test
  void outcomesWithinTheWindowStillCount() {
    record(UNKNOWN_USER, 100);
    time.advance(Duration.ofMinutes(30));
    GuardVerdict verdict = record(DELIVERED, 150).orElseThrow();
    assertEquals("guard: bounce rate 40% (100 of 250 in 1h) over 3%", verdict.reason());
  }

  @Test
  void windowRollsSoBouncesFromOverAnHourAgoNoLongerCount() {
    record(UNKNOWN_USER, 100);
    time.advance(Duration.ofMinutes(61));
    assertEquals(0, guard.status(time.instant()).sample());
    assertTrue(record(DELIVERED, 300).isEmpty());
    GuardStatus status = guard.status(time.instant());
    assertEquals(300, status.sample());
    assertEquals(0.0, status.bounceRate());
  }

  @Test
  void windowRollsMinuteByMinute() {
    record(DELIVERED, 10);
    time.advance(Duration.ofMinutes(30));
    record(DELIVERED, 190);
    time.advance(Duration.ofMinutes(29));
    assertEquals(200, guard.status(time.instant()).sample());
    time.advance(Duration.ofMinutes(1));
    assertEquals(190, guard.status(time.instant()).sample());
    time.advance(Duration.ofMinutes(30));
    assertEquals(0, guard.status(time.instant()).sample());
  }

  @Test
  void verdictStartsTheWindowAfreshAndStaysQuietForThePause() {
    record(DELIVERED, 170);
    assertTrue(record(UNKNOWN_USER, 30).isPresent());
    assertEquals(0, guard.status(time.instant()).sample());
    assertFalse(guard.signalsHealthy(time.instant()), "just found trouble");
    assertTrue(record(UNKNOWN_USER, 300).isEmpty(), "outcomes in flight during the pause bring no new verdict");
    time.advance(Duration.ofMinutes(61));
    assertTrue(guard.signalsHealthy(time.instant()));
    record(DELIVERED, 170);
    assertTrue(record(UNKNOWN_USER, 30).isPresent());
  }

  @Test
  void signalsHealthyWhileRatesStayAtOrUnderTheirThresholds() {
    record(DELIVERED, 1000);
    assertTrue(guard.signalsHealthy(time.instant()));
    guard.recordComplaints(1, time.instant());
    assertTrue(guard.signalsHealthy(time.instant()), "0.1% complaints is not over 0.1%");
  }

  @Test
  void signalsUnhealthyWhenGoodOutcomesRollOutAndLeaveTheRateOver() {
    record(DELIVERED, 100);
    time.advance(Duration.ofMinutes(30));
    record(DELIVERED, 300);
    assertTrue(record(UNKNOWN_USER, 10).isEmpty(), "10 of 410 is 2.4%");
    assertTrue(guard.signalsHealthy(time.instant()));
    time.advance(Duration.ofMinutes(31));
    assertEquals(310, guard.status(time.instant()).sample());
    assertFalse(guard.signalsHealthy(time.instant()), "10 of 310 is 3.2%");
  }

  @Test
  void statusShowsTheRatesForDisplay() {
    record(DELIVERED, 90);
    record(UNKNOWN_USER, 5);
    record(GREYLISTED, 5);
    guard.recordComplaints(1, time.instant());
    GuardStatus status = guard.status(time.instant());
    assertEquals(100, status.sample());
    assertEquals(0.05, status.bounceRate(), 1e-9);
    assertEquals(0.05, status.deferralRate(), 1e-9);
    assertEquals(1.0 / 90, status.complaintRate(), 1e-9);
  }

  @Test
  void percentagesAndWindowsReadNaturally() {
    assertEquals("4.2%", ReputationGuard.percent(0.042));
    assertEquals("3%", ReputationGuard.percent(0.03));
    assertEquals("0.1%", ReputationGuard.percent(0.001));
    assertEquals("33.33%", ReputationGuard.percent(1.0 / 3));
    assertEquals("1h", ReputationGuard.format(Duration.ofHours(1)));
    assertEquals("30m", ReputationGuard.format(Duration.ofMinutes(30)));
    assertEquals("90s", ReputationGuard.format(Duration.ofSeconds(90)));
  }
}
