package io.poolrelay.upstreams.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.time.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final FakeTime time = new FakeTime();

  @Test
  void allowsTheBurstAtOnceThenReturnsTheWaitForTheNextSlot() {
    RateLimiter limiter = new RateLimiter(10, 3);
    for (int i = 0; i < 3; i++) {
      assertEquals(Duration.ZERO, limiter.tryAcquire(time.instant()));
    }
    assertEquals(Duration.ofMillis(100), limiter.tryAcquire(time.instant()));
    time.advance(Duration.ofMillis(99));
    assertEquals(Duration.ofMillis(1), limiter.tryAcquire(time.instant()));
    time.advance(Duration.ofMillis(1));
    assertEquals(Duration.ZERO, limiter.tryAcquire(time.instant()));
    assertEquals(Duration.ofMillis(100), limiter.tryAcquire(time.instant()));
  }

  @Test
  void availableAndTimeUntilNextLookWithoutTakingASlot() {
    RateLimiter limiter = new RateLimiter(10, 3);
    assertEquals(3, limiter.available(time.instant()));
    assertEquals(Duration.ZERO, limiter.timeUntilNext(time.instant()));
    limiter.tryAcquire(time.instant());
    limiter.tryAcquire(time.instant());
    assertEquals(1, limiter.available(time.instant()));
    limiter.tryAcquire(time.instant());
    assertEquals(0, limiter.available(time.instant()));
    assertEquals(Duration.ofMillis(100), limiter.timeUntilNext(time.instant()));
    assertEquals(Duration.ofMillis(100), limiter.timeUntilNext(time.instant()), "looking took nothing");
    time.advance(Duration.ofMillis(250));
    assertEquals(2, limiter.available(time.instant()));
    time.advance(Duration.ofHours(1));
    assertEquals(3, limiter.available(time.instant()), "never more than the burst");
  }

  @Test
  void aBurstOfOneIsEvenlySpaced() {
    RateLimiter limiter = new RateLimiter(2, 1);
    assertEquals(Duration.ZERO, limiter.tryAcquire(time.instant()));
    assertEquals(Duration.ofMillis(500), limiter.tryAcquire(time.instant()));
    time.advance(Duration.ofMillis(500));
    assertEquals(Duration.ZERO, limiter.tryAcquire(time.instant()));
  }

  @Test
  void aDeniedAttemptConsumesNothing() {
    RateLimiter limiter = new RateLimiter(1, 1);
    limiter.tryAcquire(time.instant());
    for (int i = 0; i < 100; i++) {
      assertTrue(limiter.tryAcquire(time.instant()).compareTo(Duration.ZERO) > 0);
    }
    time.advance(Duration.ofSeconds(1));
    assertEquals(Duration.ZERO, limiter.tryAcquire(time.instant()));
  }

  @Test
  void acquisitionsInAnyPeriodNeverExceedRateTimesPeriodPlusBurst() {
    double rate = 5;
    int burst = 4;
    RateLimiter limiter = new RateLimiter(rate, burst);
    SplittableRandom random = new SplittableRandom(42);
    List<Long> grantedNanos = new ArrayList<>();
    for (int attempt = 0; attempt < 20_000; attempt++) {
      if (limiter.tryAcquire(time.instant()).isZero()) {
        grantedNanos.add(time.nanoTime());
      }
      // Idle spells now and then, so the burst refills.
      time.advance(Duration.ofMillis(random.nextInt(20) == 0 ? 2_000 : random.nextInt(60)));
    }
    assertTrue(grantedNanos.size() > 1000);
    for (double periodSeconds : new double[] {0.1, 0.5, 1, 3, 10, 60}) {
      long periodNanos = (long) (periodSeconds * 1e9);
      long bound = (long) Math.floor(rate * periodSeconds) + burst;
      int from = 0;
      for (int to = 0; to < grantedNanos.size(); to++) {
        while (grantedNanos.get(to) - grantedNanos.get(from) > periodNanos) {
          from++;
        }
        int inPeriod = to - from + 1;
        assertTrue(inPeriod <= bound, inPeriod + " in " + periodSeconds + "s, bound " + bound);
      }
    }
  }

  @Test
  void keepsUpWithTheRateWhenCallersWaitAsTold() {
    RateLimiter limiter = new RateLimiter(50, 1);
    int granted = 0;
    long end = Duration.ofSeconds(10).toNanos();
    while (time.nanoTime() < end) {
      Duration wait = limiter.tryAcquire(time.instant());
      if (wait.isZero()) {
        granted++;
      } else {
        time.advance(wait);
      }
    }
    assertEquals(500, granted, 1);
  }

  @Test
  void rejectsANonPositiveRateOrBurst() {
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 0));
  }
}
