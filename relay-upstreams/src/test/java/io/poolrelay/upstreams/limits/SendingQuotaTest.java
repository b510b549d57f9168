package io.poolrelay.upstreams.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.limits.QuotaStatus.Binding;
import io.poolrelay.upstreams.limits.SendingQuota.Reservation;
import io.poolrelay.upstreams.time.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendingQuotaTest {

  private final FakeTime time = new FakeTime(Instant.parse("2026-11-01T10:00:00Z"));

  private static SendingQuota quota(long hourly, long daily) {
    return new SendingQuota(OptionalLong.of(hourly), OptionalLong.of(daily), Optional.empty(), UsageRecorder.NONE);
  }

  @Test
  void reservesWhileUsedPlusReservedFitsEveryLimit() {
    SendingQuota quota = quota(10, 100);
    Reservation first = quota.tryReserve(6, time.instant()).orElseThrow();
    assertTrue(quota.tryReserve(5, time.instant()).isEmpty(), "6 reserved + 5 > 10");
    Reservation second = quota.tryReserve(4, time.instant()).orElseThrow();
    assertTrue(quota.tryReserve(1, time.instant()).isEmpty());
    first.commit(6, time.instant());
    second.release();
    assertTrue(quota.tryReserve(4, time.instant()).isPresent());
  }

  @Test
  void roomIsWhatTheTightestLimitLeavesAfterReservations() {
    SendingQuota quota = quota(10, 12);
    assertEquals(10, quota.roomLeft(time.instant()));
    quota.tryReserve(3, time.instant()).orElseThrow().commit(3, time.instant());
    quota.tryReserve(2, time.instant()).orElseThrow();
    assertEquals(5, quota.roomLeft(time.instant()));
    time.advance(Duration.ofMinutes(61));
    assertEquals(7, quota.roomLeft(time.instant()), "the hour freed, the daily limit binds: 12 - 3 used - 2 reserved");
    SendingQuota unlimited = new SendingQuota(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(),
        UsageRecorder.NONE);
    assertEquals(Long.MAX_VALUE, unlimited.roomLeft(time.instant()));
  }

  @Test
  void reserveUpToGrantsWhatFitsAndNothingWhenFull() {
    SendingQuota quota = quota(10, 100);
    assertEquals(4, quota.tryReserveUpTo(4, time.instant()).orElseThrow().recipients());
    assertEquals(6, quota.tryReserveUpTo(50, time.instant()).orElseThrow().recipients(), "the rest of the hour");
    assertTrue(quota.tryReserveUpTo(1, time.instant()).isEmpty());
  }

  @Test
  void commitCountsOnlyAcceptedRecipientsAndHandsBackTheRest() {
    SendingQuota quota = quota(10, 100);
    quota.tryReserve(8, time.instant()).orElseThrow().commit(3, time.instant());
    QuotaStatus status = quota.status(time.instant());
    assertEquals(3, status.usedLastHour());
    assertEquals(3, status.usedLast24Hours());
    assertEquals(0, status.reserved());
    assertTrue(quota.tryReserve(7, time.instant()).isPresent());
  }

  @Test
  void theHourlyLimitIsARollingSixtyMinutes() {
    SendingQuota quota = quota(10, 1000);
    quota.tryReserve(10, time.instant()).orElseThrow().commit(10, time.instant());
    time.advance(Duration.ofMinutes(59));
    assertTrue(quota.tryReserve(1, time.instant()).isEmpty());
    QuotaStatus status = quota.status(time.instant());
    assertEquals(Binding.HOURLY, status.binding());
    assertEquals(Duration.ofMinutes(2), status.freesIn(), "leaves one minute bucket after the hour");
    time.advance(status.freesIn());
    assertTrue(quota.tryReserve(10, time.instant()).isPresent());
  }

  @Test
  void theDailyLimitIsARolling24Hours() {
    SendingQuota quota = quota(100, 150);
    for (int hour = 0; hour < 3; hour++) {
      quota.tryReserve(50, time.instant()).orElseThrow().commit(50, time.instant());
      time.advance(Duration.ofHours(1));
    }
    // 13:00; 150 sent at 10:00, 11:00 and 12:00.
    assertTrue(quota.tryReserve(1, time.instant()).isEmpty());
    QuotaStatus status = quota.status(time.instant());
    assertEquals(Binding.DAILY, status.binding());
    assertEquals(OptionalLong.of(150), status.dailyCap());
    assertEquals(Duration.ofHours(21).plusMinutes(1), status.freesIn());
    time.advance(status.freesIn());
    assertTrue(quota.tryReserve(50, time.instant()).isPresent());
    assertTrue(quota.tryReserve(1, time.instant()).isEmpty());
  }

  @Test
  void releaseAfterCommitDoesNothingAndCommitTwiceIsRefused() {
    SendingQuota quota = quota(10, 100);
    try (Reservation reservation = quota.tryReserve(5, time.instant()).orElseThrow()) {
      reservation.commit(5, time.instant());
      assertThrows(IllegalStateException.class, () -> reservation.commit(5, time.instant()));
    }
    assertEquals(5, quota.status(time.instant()).usedLastHour());
    assertEquals(0, quota.status(time.instant()).reserved());
  }

  @Test
  void commitRefusesMoreAcceptedThanReserved() {
    SendingQuota quota = quota(10, 100);
    Reservation reservation = quota.tryReserve(2, time.instant()).orElseThrow();
    assertThrows(IllegalArgumentException.class, () -> reservation.commit(3, time.instant()));
  }

  @Test
  void everyCommitReachesTheRecorder() {
    List<String> recorded = new ArrayList<>();
    SendingQuota quota = new SendingQuota(
        OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), (at, count) -> recorded.add(at + " " + count));
    quota.tryReserve(3, time.instant()).orElseThrow().commit(2, time.instant());
    quota.tryReserve(3, time.instant()).orElseThrow().commit(0, time.instant());
    quota.tryReserve(3, time.instant()).orElseThrow().release();
    assertEquals(List.of("2026-11-01T10:00:00Z 2"), recorded);
    assertEquals(Binding.NONE, quota.status(time.instant()).binding());
  }

  @Test
  void aWarmupCapBelowTheDailyLimitIsTheEffectiveDailyCap() {
    StepWarmup warmup = new StepWarmup(LocalDate.parse("2026-11-01"), List.of(48L, 96L), Duration.ofDays(1));
    SendingQuota quota =
        new SendingQuota(OptionalLong.empty(), OptionalLong.of(1000), Optional.of(warmup), UsageRecorder.NONE);
    assertTrue(quota.tryReserve(48, time.instant()).isPresent());
    assertTrue(quota.tryReserve(1, time.instant()).isEmpty());
    QuotaStatus status = quota.status(time.instant());
    assertEquals(OptionalLong.of(48), status.dailyCap());
    assertEquals(Binding.WARMUP_CAP, status.binding());
  }

  @Test
  void aWarmingUpstreamCannotSendItsWholeDayAtMidnight() {
    time.advance(Duration.ofHours(14)); // 2026-11-02T00:00Z
    StepWarmup warmup = new StepWarmup(LocalDate.parse("2026-11-01"), List.of(2400L));
    SendingQuota quota = new SendingQuota(
        OptionalLong.empty(), OptionalLong.of(100_000), Optional.of(warmup), UsageRecorder.NONE);
    long sent = drain(quota);
    assertEquals(100, sent, "one hour's share at midnight");
    QuotaStatus status = quota.status(time.instant());
    assertEquals(Binding.WARMUP_PACE, status.binding());
    assertEquals(OptionalLong.of(100), status.warmupAllowance());
    assertEquals(Duration.ofSeconds(36), status.freesIn());
    time.advance(Duration.ofHours(6));
    assertEquals(600, drain(quota));
    time.advance(Duration.ofHours(18));
    // A new UTC day: today's spread starts over, but the rolling 24 h still holds the cap.
    assertEquals(OptionalLong.of(2400), quota.status(time.instant()).dailyCap());
    assertEquals(0, quota.status(time.instant()).usedToday());
  }

  private long drain(SendingQuota quota) {
    long sent = 0;
    Optional<Reservation> reservation;
    while ((reservation = quota.tryReserve(1, time.instant())).isPresent()) {
      reservation.get().commit(1, time.instant());
      sent++;
    }
    return sent;
  }

  @Test
  void concurrentReservationsNeverExceedTheHourlyLimit() throws Exception {
    long hourly = 500;
    SendingQuota quota = quota(hourly, 100_000);
    AtomicLong committed = new AtomicLong();
    AtomicLong worstSeen = new AtomicLong();
    int threads = 32;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        SplittableRandom random = new SplittableRandom(t);
        futures.add(executor.submit(() -> {
          go.await();
          for (int i = 0; i < 2_000; i++) {
            int recipients = 1 + random.nextInt(5);
            Optional<Reservation> reservation = quota.tryReserve(recipients, time.instant());
            if (reservation.isEmpty()) {
              continue;
            }
            QuotaStatus status = quota.status(time.instant());
            worstSeen.accumulateAndGet(status.usedLastHour() + status.reserved(), Math::max);
            if (random.nextBoolean()) {
              int accepted = random.nextInt(recipients + 1);
              reservation.get().commit(accepted, time.instant());
              committed.addAndGet(accepted);
            } else {
              reservation.get().release();
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }
    QuotaStatus status = quota.status(time.instant());
    assertEquals(committed.get(), status.usedLastHour());
    assertEquals(0, status.reserved());
    assertTrue(status.usedLastHour() <= hourly, "used " + status.usedLastHour());
    assertTrue(worstSeen.get() <= hourly, "used + reserved reached " + worstSeen.get());
    assertTrue(status.usedLastHour() > hourly - 5, "the limit was actually reached: " + status.usedLastHour());
    assertFalse(status.hasRoom() && quota.tryReserve(6, time.instant()).isPresent());
  }

  @Test
  void restoredCountsUseUpTheAllowance() {
    SendingQuota quota = quota(10, 100);
    quota.restore(time.instant().minus(Duration.ofMinutes(30)), 10);
    assertTrue(quota.tryReserve(1, time.instant()).isEmpty());
  }
}
