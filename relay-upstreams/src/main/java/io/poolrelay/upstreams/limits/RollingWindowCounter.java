package io.poolrelay.upstreams.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Counts events in a rolling window (for example any 60 minutes) with a fixed number of buckets, so its
 * memory does not grow with traffic.
 *
 * <p><b>Granularity.</b> Time is cut into buckets of {@code bucket} length aligned to the epoch (so
 * one-minute buckets also align with UTC hours and days). A count stays in the total until the whole bucket
 * it fell in is older than the window: it leaves between {@code window} and {@code window + bucket} after
 * it happened, never earlier. The total can therefore be a little high for up to one bucket, never low,
 * and a limit checked against it is never exceeded in any true rolling window.
 *
 * <p>Counts far in the past (older than the window as seen from the newest bucket) are dropped. Counts
 * dated in the future are kept and counted. Thread-safe.
 */
public final class RollingWindowCounter {

  private final long bucketMillis;
  private final int windowBuckets;
  /** One slot more than the window, for the bucket that is partly out of it. */
  private final long[] slotBucket;
  private final long[] slotCount;

  /**
   * @param window the rolling window, a whole multiple of {@code bucket}
   * @param bucket the bucket length, at least one millisecond
   */
  public RollingWindowCounter(Duration window, Duration bucket) {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(bucket, "bucket");
    bucketMillis = bucket.toMillis();
    if (bucketMillis < 1 || window.toMillis() % bucketMillis != 0 || window.toMillis() < bucketMillis) {
      throw new IllegalArgumentException("window " + window + " must be a positive whole multiple of bucket " + bucket);
    }
    long buckets = window.toMillis() / bucketMillis;
    if (buckets > 1_000_000) {
      throw new IllegalArgumentException("too many buckets: " + buckets);
    }
    windowBuckets = (int) buckets;
    slotBucket = new long[windowBuckets + 1];
    slotCount = new long[windowBuckets + 1];
    Arrays.fill(slotBucket, Long.MIN_VALUE);
  }

  /** Any 60 minutes, in one-minute buckets. */
  public static RollingWindowCounter hourly() {
    return new RollingWindowCounter(Duration.ofHours(1), Duration.ofMinutes(1));
  }

  /** Any 24 hours, in one-minute buckets. */
  public static RollingWindowCounter daily() {
    return new RollingWindowCounter(Duration.ofDays(1), Duration.ofMinutes(1));
  }

  public Duration window() {
    return Duration.ofMillis(bucketMillis * windowBuckets);
  }

  public Duration bucket() {
    return Duration.ofMillis(bucketMillis);
  }

  /** Records {@code count} events at {@code at}. */
  public synchronized void add(Instant at, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    if (count == 0) {
      return;
    }
    long bucket = bucketOf(at);
    int slot = slot(bucket);
    if (slotBucket[slot] == bucket) {
      slotCount[slot] += count;
    } else if (slotBucket[slot] < bucket) {
      slotBucket[slot] = bucket;
      slotCount[slot] = count;
    }
    // else: the slot already holds a newer bucket, so this count is older than the window.
  }

  /** The events counted in the window that ends at {@code now}. */
  public synchronized long total(Instant now) {
    return sumFrom(bucketOf(now) - windowBuckets);
  }

  /**
   * The events counted since {@code from} (rounded down to its bucket) and still in the window at {@code
   * now}. With one-minute buckets and {@code from} at UTC midnight this is exact: "used today".
   */
  public synchronized long totalSince(Instant from, Instant now) {
    return sumFrom(Math.max(bucketOf(now) - windowBuckets, bucketOf(from)));
  }

  /** The counts of every slot holding bucket {@code first} or later. */
  private long sumFrom(long first) {
    long total = 0;
    for (int i = 0; i < slotBucket.length; i++) {
      if (slotBucket[i] >= first) {
        total += slotCount[i];
      }
    }
    return total;
  }

  /**
   * How long from {@code now} until the total drops below {@code limit}: {@link Duration#ZERO} if it
   * already is. For a {@code limit} of zero or less (which no total can go below), the time until the
   * window is empty.
   */
  public synchronized Duration timeUntilBelow(long limit, Instant now) {
    long nowBucket = bucketOf(now);
    long first = nowBucket - windowBuckets;
    long remaining = total(now);
    if (remaining < limit) {
      return Duration.ZERO;
    }
    long target = Math.max(limit, 1);
    long[] counted = new long[slotBucket.length];
    int n = 0;
    for (int i = 0; i < slotBucket.length; i++) {
      if (slotBucket[i] >= first && slotCount[i] > 0) {
        counted[n++] = slotBucket[i];
      }
    }
    Arrays.sort(counted, 0, n);
    long lastLeaving = Long.MIN_VALUE;
    for (int i = 0; i < n && remaining >= target; i++) {
      // Buckets are distinct, so each has its own slot.
      remaining -= slotCount[slot(counted[i])];
      lastLeaving = counted[i];
    }
    if (lastLeaving == Long.MIN_VALUE) {
      return Duration.ZERO;
    }
    // A bucket leaves once the window's first bucket is after it.
    long leavesAtMillis = (lastLeaving + windowBuckets + 1) * bucketMillis;
    long wait = leavesAtMillis - now.toEpochMilli();
    return wait > 0 ? Duration.ofMillis(wait) : Duration.ZERO;
  }

  private long bucketOf(Instant at) {
    return Math.floorDiv(at.toEpochMilli(), bucketMillis);
  }

  private int slot(long bucket) {
    return (int) Math.floorMod(bucket, (long) slotBucket.length);
  }
}
