package io.poolrelay.upstreams.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.time.FakeTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RollingWindowCounterTest {

  private final FakeTime time = new FakeTime(Instant.parse("2026-11-01T10:00:00Z"));

  @Test
  void countsWithinTheWindowAreSummed() {
    RollingWindowCounter counter = RollingWindowCounter.hourly();
    counter.add(time.instant(), 3);
    time.advance(Duration.ofMinutes(20));
    counter.add(time.instant(), 4);
    time.advance(Duration.ofMinutes(20));
    counter.add(time.instant(), 5);
    assertEquals(12, counter.total(time.instant()));
  }

  @Test
  void aCountLeavesNoEarlierThanTheWindowAndAtMostOneBucketLate() {
    RollingWindowCounter counter = RollingWindowCounter.hourly();
    Instant at = Instant.parse("2026-11-01T10:00:30Z");
    counter.add(at, 7);
    assertEquals(7, counter.total(at.plus(Duration.ofMinutes(60))));
    assertEquals(7, counter.total(at.plus(Duration.ofMinutes(60)).plusSeconds(29)));
    assertEquals(0, counter.total(at.plus(Duration.ofMinutes(61))));
  }

  @Test
  void neverUndercountsAnyTrueRollingWindow() {
    RollingWindowCounter counter = new RollingWindowCounter(Duration.ofMinutes(10), Duration.ofMinutes(1));
    long[] exactAt = new long[2000];
    Instant origin = time.instant();
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int second = 0; second < exactAt.length; second++) {
      if (random.nextInt(4) == 0) {
        int count = 1 + random.nextInt(3);
        counter.add(origin.plusSeconds(second), count);
        exactAt[second] = count;
      }
      long exact = 0;
      for (int back = Math.max(0, second - 599); back <= second; back++) {
        exact += exactAt[back];
      }
      long counted = counter.total(origin.plusSeconds(second));
      assertTrue(counted >= exact, "at " + second + "s counted " + counted + " < exact " + exact);
    }
  }

  @Test
  void memoryIsFixedSoOldSlotsAreReused() {
    RollingWindowCounter counter = RollingWindowCounter.hourly();
    for (int minute = 0; minute < 24 * 60; minute++) {
      counter.add(time.instant(), 1);
      time.advance(Duration.ofMinutes(1));
    }
    // The last 60 minutes plus the bucket partly out of the window.
    assertEquals(60, counter.total(time.instant()));
  }

  @Test
  void aCountOlderThanTheWindowIsDropped() {
    RollingWindowCounter counter = RollingWindowCounter.hourly();
    counter.add(time.instant(), 1);
    counter.add(time.instant().minus(Duration.ofHours(3)), 100);
    assertEquals(1, counter.total(time.instant()));
  }

  @Test
  void totalSinceCountsOnlyFromTheGivenInstant() {
    RollingWindowCounter counter = RollingWindowCounter.daily();
    counter.add(Instant.parse("2026-11-01T23:50:00Z"), 5);
    counter.add(Instant.parse("2026-11-02T00:10:00Z"), 2);
    Instant now = Instant.parse("2026-11-02T01:00:00Z");
    assertEquals(7, counter.total(now));
    assertEquals(2, counter.totalSince(Instant.parse("2026-11-02T00:00:00Z"), now));
  }

  @Test
  void timeUntilBelowIsWhenEnoughOldBucketsHaveLeft() {
    RollingWindowCounter counter = RollingWindowCounter.hourly();
    Instant start = time.instant(); // 10:00:00, a bucket boundary
    counter.add(start, 5);
    counter.add(start.plus(Duration.ofMinutes(10)), 5);
    Instant now = start.plus(Duration.ofMinutes(30));
    assertEquals(Duration.ZERO, counter.timeUntilBelow(11, now));
    // Below 10: the first 5 must leave, at 11:01 (one bucket after the window).
    assertEquals(Duration.ofMinutes(31), counter.timeUntilBelow(10, now));
    // Below 5: both must leave, the second at 11:11.
    assertEquals(Duration.ofMinutes(41), counter.timeUntilBelow(5, now));
    assertEquals(Duration.ofMinutes(41), counter.timeUntilBelow(0, now));
    assertEquals(0, counter.total(now.plus(Duration.ofMinutes(41))));
    assertEquals(5, counter.total(now.plus(Duration.ofMinutes(41)).minusMillis(1)));
  }

  @Test
  void rejectsAWindowThatIsNotAWholeNumberOfBuckets() {
    assertThrows(IllegalArgumentException.class,
        () -> new RollingWindowCounter(Duration.ofSeconds(90), Duration.ofMinutes(1)));
  }
}
