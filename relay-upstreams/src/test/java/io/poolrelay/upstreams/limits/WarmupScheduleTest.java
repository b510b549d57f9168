package io.poolrelay.upstreams.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.time.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WarmupScheduleTest {

  private static final LocalDate START = LocalDate.parse("2026-11-01");

  private final FakeTime time = new FakeTime(Instant.parse("2026-11-01T00:00:00Z"));

  private LocalDate today() {
    return LocalDate.ofInstant(time.instant(), ZoneOffset.UTC);
  }

  private void nextDay() {
    time.advance(Duration.ofDays(1));
  }

  @Test
  void stepWarmupMovesOneStepPerHealthyDayAndEndsAfterTheLastStep() {
    StepWarmup warmup = new StepWarmup(START, List.of(50L, 100L, 200L));
    assertEquals(OptionalLong.of(50), warmup.capToday());
    assertFalse(warmup.advance(today(), true), "no move on the start day");
    nextDay();
    assertTrue(warmup.advance(today(), true));
    assertEquals(OptionalLong.of(100), warmup.capToday());
    nextDay();
    assertTrue(warmup.advance(today(), true));
    assertEquals(OptionalLong.of(200), warmup.capToday());
    nextDay();
    assertTrue(warmup.advance(today(), true));
    assertEquals(OptionalLong.empty(), warmup.capToday());
    assertTrue(warmup.isOver());
    assertEquals(Long.MAX_VALUE, warmup.allowanceUntil(time.instant()));
  }

  @Test
  void movesAtMostOneStepPerUtcDayHoweverOftenAsked() {
    StepWarmup warmup = new StepWarmup(START, List.of(50L, 100L, 200L));
    nextDay();
    assertTrue(warmup.advance(today(), true));
    time.advance(Duration.ofHours(23));
    assertFalse(warmup.advance(today(), true));
    assertFalse(warmup.advance(today(), true));
    assertEquals(OptionalLong.of(100), warmup.capToday());
  }

  @Test
  void aRelayDownForDaysMovesOnlyOneStepWhenItComesBack() {
    StepWarmup warmup = new StepWarmup(START, List.of(50L, 100L, 200L, 400L));
    time.advance(Duration.ofDays(5));
    assertTrue(warmup.advance(today(), true));
    assertFalse(warmup.advance(today(), true));
    assertEquals(OptionalLong.of(100), warmup.capToday());
  }

  @Test
  void unhealthySignalsHoldTheStepAndSayWhy() {
    StepWarmup warmup = new StepWarmup(START, List.of(50L, 100L, 200L));
    WarmupGate gate = new WarmupGate(0.03, 0.10);
    nextDay();
    warmup.advance(today(), gate.judge(0.01, 0.02));
    nextDay();
    assertFalse(warmup.advance(today(), gate.judge(0.041, 0.02)));
    assertEquals(OptionalLong.of(100), warmup.capToday());
    assertEquals(Optional.of("held at day 2 (100/day): bounce rate 4.1% over 3%"), warmup.heldReason());
    nextDay();
    assertFalse(warmup.advance(today(), gate.judge(0.01, 0.25)));
    assertEquals(Optional.of("held at day 2 (100/day): deferral rate 25% over 10%"), warmup.heldReason());
    nextDay();
    assertTrue(warmup.advance(today(), gate.judge(0.01, 0.02)));
    assertEquals(OptionalLong.of(200), warmup.capToday());
    assertEquals(Optional.empty(), warmup.heldReason());
  }

  @Test
  void healthyLaterTheSameDayStillMovesOnThatDay() {
    StepWarmup warmup = new StepWarmup(START, List.of(50L, 100L));
    nextDay();
    assertFalse(warmup.advance(today(), false));
    time.advance(Duration.ofHours(6));
    assertTrue(warmup.advance(today(), true));
    assertEquals(OptionalLong.of(100), warmup.capToday());
  }

  @Test
  void beforeItsStartTheFirstCapApplies() {
    StepWarmup warmup = new StepWarmup(LocalDate.parse("2026-11-10"), List.of(50L, 100L));
    assertFalse(warmup.advance(today(), true));
    assertEquals(OptionalLong.of(50), warmup.capToday());
  }

  @Test
  void rampWarmupGrowsByTheFactorAndEndsAfterReachingUntil() {
    RampWarmup warmup = new RampWarmup(START, 50, 1.5, 200);
    // 50, 75, 113 (112.5 rounded), 169 (168.75), then 253 capped at 200, then over.
    long[] expected = {50, 75, 113, 169, 200};
    for (long cap : expected) {
      assertEquals(OptionalLong.of(cap), warmup.capToday());
      nextDay();
      assertTrue(warmup.advance(today(), true));
    }
    assertEquals(OptionalLong.empty(), warmup.capToday());
    nextDay();
    assertFalse(warmup.advance(today(), true));
  }

  @Test
  void rampWarmupHoldsOnUnhealthyDays() {
    RampWarmup warmup = new RampWarmup(START, 100, 2, 10_000);
    nextDay();
    warmup.advance(today(), true);
    nextDay();
    warmup.advance(today(), WarmupGate.Verdict.unhealthy("bounce rate 5% over 3%"));
    nextDay();
    warmup.advance(today(), WarmupGate.Verdict.unhealthy("bounce rate 5% over 3%"));
    assertEquals(OptionalLong.of(200), warmup.capToday());
    assertEquals(Optional.of("held at day 2 (200/day): bounce rate 5% over 3%"), warmup.heldReason());
  }

  @Test
  void allowanceSpreadsTheCapOverTheUtcDayWithAnHourHeadStart() {
    StepWarmup warmup = new StepWarmup(START, List.of(2400L));
    assertEquals(100, warmup.allowanceUntil(time.instant()), "one hour's share at midnight");
    time.advance(Duration.ofHours(6));
    assertEquals(700, warmup.allowanceUntil(time.instant()));
    time.advance(Duration.ofHours(17));
    assertEquals(2400, warmup.allowanceUntil(time.instant()));
    time.advance(Duration.ofMinutes(59));
    assertEquals(2400, warmup.allowanceUntil(time.instant()));
    time.advance(Duration.ofMinutes(1));
    assertEquals(100, warmup.allowanceUntil(time.instant()), "a new day starts from its head start");
  }

  @Test
  void timeUntilAllowanceIsWhenTheSpreadReachesTheNeed() {
    StepWarmup warmup = new StepWarmup(START, List.of(2400L));
    time.advance(Duration.ofHours(6));
    assertEquals(Duration.ZERO, warmup.timeUntilAllowance(700, time.instant()));
    assertEquals(Duration.ofMinutes(36), warmup.timeUntilAllowance(760, time.instant()));
    assertEquals(Duration.ofHours(18), warmup.timeUntilAllowance(2401, time.instant()));
  }

  @Test
  void savedStateIsRestored() {
    StepWarmup warmup = new StepWarmup(START, List.of(50L, 100L, 200L));
    nextDay();
    warmup.advance(today(), true);
    WarmupSchedule.State saved = warmup.state();
    assertEquals(new WarmupSchedule.State(1, LocalDate.parse("2026-11-02")), saved);
    StepWarmup restarted = new StepWarmup(START, List.of(50L, 100L, 200L));
    restarted.restore(saved);
    assertEquals(OptionalLong.of(100), restarted.capToday());
    assertFalse(restarted.advance(today(), true), "already moved today");
  }
}
