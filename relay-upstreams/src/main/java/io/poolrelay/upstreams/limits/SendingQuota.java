package io.poolrelay.upstreams.limits;

import io.poolrelay.upstreams.limits.QuotaStatus.Binding;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One upstream's hourly and daily limits and its warmup cap, counted per recipient the upstream accepted.
 *
 * <p>"Hourly" is any rolling 60 minutes and "daily" any rolling 24 hours ({@link RollingWindowCounter},
 * one-minute buckets: counts leave up to a minute late, never early). While a warmup applies, its cap
 * joins daily_limit (the smaller binds), and what went out since UTC midnight may not pass {@link
 * WarmupSchedule#allowanceUntil(Instant)}, which spreads the day's cap over the day.
 *
 * <p><b>Reservations.</b> Deliveries run concurrently, so a delivery first reserves its recipients
 * ({@link #tryReserve}). A reservation succeeds only if {@code used + reserved + recipients} fits every
 * limit in force; limits are never exceeded, however many threads reserve at once. When the transaction
 * ends, {@link Reservation#commit} counts the recipients the upstream accepted and hands back the rest;
 * {@link Reservation#release} hands back everything. Thread-safe.
 */
public final class SendingQuota {

  private final OptionalLong hourlyLimit;
  private final OptionalLong dailyLimit;
  private final Optional<WarmupSchedule> warmup;
  private final UsageRecorder recorder;
  private final RollingWindowCounter lastHour = RollingWindowCounter.hourly();
  private final RollingWindowCounter lastDay = RollingWindowCounter.daily();
  private long reserved;
  /** The provider account's daily quota, when it has been read and binds. */
  private OptionalLong accountQuota = OptionalLong.empty();
  /** What the account sent in the rolling 24 hours besides what this quota counted, at the last read. */
  private long sentElsewhere;
  /** The provider said the daily quota is used up: nothing until then, or until a read shows room. */
  private Instant accountFullUntil = Instant.MIN;

  /**
   * @param hourlyLimit recipients per rolling hour, if limited
   * @param dailyLimit recipients per rolling 24 hours, if limited
   * @param warmup the upstream's warmup schedule, if it has one; its state is driven by its owner
   * @param recorder told of every commit (a {@link UsageJournal}, or {@link UsageRecorder#NONE})
   */
  public SendingQuota(
      OptionalLong hourlyLimit, OptionalLong dailyLimit, Optional<WarmupSchedule> warmup, UsageRecorder recorder) {
    this.hourlyLimit = checkLimit("hourlyLimit", hourlyLimit);
    this.dailyLimit = checkLimit("dailyLimit", dailyLimit);
    this.warmup = Objects.requireNonNull(warmup, "warmup");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  /** Puts back counts from before a restart (see {@link UsageJournal#usage()}); records nothing. */
  public synchronized void restore(Instant at, long count) {
    lastHour.add(at, count);
    lastDay.add(at, count);
  }

  /**
   * Applies a read of the provider account: its daily quota joins the limits (the smaller binds), and
   * what it sent beyond this quota's own count (other systems may share the account) counts as sent.
   * A fresh read ends an earlier {@link #accountExhausted}.
   */
  public synchronized void applyAccount(OptionalLong dailyQuota, long sentLast24Hours, Instant now) {
    checkLimit("dailyQuota", dailyQuota);
    accountQuota = dailyQuota;
    // The provider's count includes ours; deliveries in flight may be in it too, and are also reserved
    // here: counting them twice errs on the side of never exceeding the quota.
    sentElsewhere = Math.max(0, sentLast24Hours - lastDay.total(now));
    accountFullUntil = Instant.MIN;
  }

  /**
   * The provider refused a send because its daily quota is used up: no room until a read shows some, or
   * for 24 hours when the quota is unknown (the provider's own window).
   */
  public synchronized void accountExhausted(Instant now) {
    if (accountQuota.isPresent()) {
      sentElsewhere = Math.max(sentElsewhere, accountQuota.getAsLong() - lastDay.total(now));
    } else {
      accountFullUntil = now.plus(Duration.ofDays(1));
    }
  }

  /**
   * Reserves room for {@code recipients} if every limit in force has it at {@code now}. A message with
   * more recipients than a limit never fits; the caller splits it.
   */
  public synchronized Optional<Reservation> tryReserve(int recipients, Instant now) {
    checkRecipients(recipients);
    return roomLeft(now) >= recipients ? Optional.of(reserve(recipients)) : Optional.empty();
  }

  /**
   * How many more recipients every limit in force lets through at {@code now}, reservations counted;
   * {@link Long#MAX_VALUE} without limits.
   */
  public synchronized long roomLeft(Instant now) {
    if (hourlyLimit.isEmpty() && dailyLimit.isEmpty() && warmup.isEmpty() && accountQuota.isEmpty()
        && !now.isBefore(accountFullUntil)) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, room(now).least());
  }

  /**
   * Reserves as many of {@code recipients} as every limit in force has room for at {@code now}, at
   * least one: a message with more recipients than the room left goes out in parts (the rest to another
   * member, or later). Empty when not even one fits.
   */
  public synchronized Optional<Reservation> tryReserveUpTo(int recipients, Instant now) {
    checkRecipients(recipients);
    long room = roomLeft(now);
    return room < 1 ? Optional.empty() : Optional.of(reserve((int) Math.min(recipients, room)));
  }

  private Reservation reserve(int recipients) {
    reserved += recipients;
    return new Reservation(recipients);
  }

  private static void checkRecipients(int recipients) {
    if (recipients < 1) {
      throw new IllegalArgumentException("recipients must be >= 1, was " + recipients);
    }
  }

  /** Where the quota stands at {@code now}. */
  public synchronized QuotaStatus status(Instant now) {
    Room room = room(now);
    Duration freesIn = Duration.ZERO;
    if (room.least() < 1) {
      if (room.hourly < 1) {
        freesIn = max(freesIn, lastHour.timeUntilBelow(hourlyLimit.getAsLong() - reserved, now));
      }
      if (room.daily < 1) {
        long ownRoom = room.dailyCap.getAsLong() - room.elsewhere - reserved;
        // When others' sends alone fill the account, only a later read can tell when it frees: at the
        // latest when the provider's 24 hours have passed.
        freesIn = max(freesIn, ownRoom > 0 ? lastDay.timeUntilBelow(ownRoom, now) : Duration.ofDays(1));
      }
      if (room.accountFull) {
        freesIn = max(freesIn, Duration.between(now, accountFullUntil));
      }
      if (room.pace < 1) {
        freesIn = max(freesIn, warmup.orElseThrow().timeUntilAllowance(room.usedToday + reserved + 1, now));
      }
    }
    return new QuotaStatus(
        room.usedLastHour,
        hourlyLimit,
        room.usedLastDay + room.elsewhere,
        room.dailyCap,
        room.usedToday,
        room.allowance,
        reserved,
        room.binding(),
        freesIn);
  }

  private Room room(Instant now) {
    Room room = new Room();
    room.usedLastHour = lastHour.total(now);
    room.usedLastDay = lastDay.total(now);
    room.usedToday = lastDay.totalSince(startOfUtcDay(now), now);
    if (hourlyLimit.isPresent()) {
      room.hourly = hourlyLimit.getAsLong() - room.usedLastHour - reserved;
    }
    OptionalLong warmupCap = warmup.map(WarmupSchedule::capToday).orElse(OptionalLong.empty());
    OptionalLong configured = min(dailyLimit, warmupCap);
    room.dailyCap = min(configured, accountQuota);
    room.dailyFromWarmup = warmupCap.isPresent()
        && (dailyLimit.isEmpty() || warmupCap.getAsLong() < dailyLimit.getAsLong());
    room.dailyFromAccount = accountQuota.isPresent()
        && (configured.isEmpty() || accountQuota.getAsLong() < configured.getAsLong());
    room.elsewhere = accountQuota.isPresent() ? sentElsewhere : 0;
    if (room.dailyCap.isPresent()) {
      room.daily = room.dailyCap.getAsLong() - room.usedLastDay - room.elsewhere - reserved;
    }
    if (now.isBefore(accountFullUntil)) {
      room.accountFull = true;
      room.daily = 0;
      room.dailyFromAccount = true;
    }
    if (warmupCap.isPresent()) {
      long allowance = warmup.orElseThrow().allowanceUntil(now);
      room.allowance = OptionalLong.of(allowance);
      room.pace = allowance - room.usedToday - reserved;
    }
    return room;
  }

  private static final class Room {
    long usedLastHour;
    long usedLastDay;
    long usedToday;
    OptionalLong dailyCap = OptionalLong.empty();
    OptionalLong allowance = OptionalLong.empty();
    boolean dailyFromWarmup;
    boolean dailyFromAccount;
    boolean accountFull;
    long elsewhere;
    long hourly = Long.MAX_VALUE;
    long daily = Long.MAX_VALUE;
    long pace = Long.MAX_VALUE;

    long least() {
      return Math.min(hourly, Math.min(daily, pace));
    }

    Binding binding() {
      long least = least();
      if (least == Long.MAX_VALUE) {
        return Binding.NONE;
      }
      if (hourly == least) {
        return Binding.HOURLY;
      }
      if (daily == least) {
        if (dailyFromAccount) {
          return Binding.ACCOUNT;
        }
        return dailyFromWarmup ? Binding.WARMUP_CAP : Binding.DAILY;
      }
      return Binding.WARMUP_PACE;
    }
  }

  private synchronized void settle(int reservedRecipients, int accepted, Instant at) {
    reserved -= reservedRecipients;
    if (accepted > 0) {
      lastHour.add(at, accepted);
      lastDay.add(at, accepted);
    }
  }

  /**
   * Room held for one delivery's recipients until it ends. End it exactly once with {@link #commit};
   * {@link #release} (or {@link #close}) after that does nothing, so try-with-resources is safe.
   */
  public final class Reservation implements AutoCloseable {

    private final int recipients;
    private boolean ended;

    private Reservation(int recipients) {
      this.recipients = recipients;
    }

    public int recipients() {
      return recipients;
    }

    /**
     * Counts the {@code acceptedRecipients} the upstream accepted at {@code at} and hands back the rest.
     * The count reaches the {@link UsageRecorder} after the quota has it; a recorder failure propagates.
     */
    public void commit(int acceptedRecipients, Instant at) {
      if (acceptedRecipients < 0 || acceptedRecipients > recipients) {
        throw new IllegalArgumentException(
            "accepted recipients must be between 0 and " + recipients + ", was " + acceptedRecipients);
      }
      Objects.requireNonNull(at, "at");
      synchronized (this) {
        if (ended) {
          throw new IllegalStateException("reservation already ended");
        }
        ended = true;
      }
      settle(recipients, acceptedRecipients, at);
      if (acceptedRecipients > 0) {
        recorder.record(at, acceptedRecipients);
      }
    }

    /** Hands back every reserved recipient; does nothing if the reservation already ended. */
    public void release() {
      synchronized (this) {
        if (ended) {
          return;
        }
        ended = true;
      }
      settle(recipients, 0, Instant.EPOCH);
    }

    @Override
    public void close() {
      release();
    }
  }

  private static Instant startOfUtcDay(Instant now) {
    long dayMillis = Duration.ofDays(1).toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), dayMillis) * dayMillis);
  }

  private static OptionalLong min(OptionalLong a, OptionalLong b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong()));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static OptionalLong checkLimit(String name, OptionalLong limit) {
    Objects.requireNonNull(limit, name);
    if (limit.isPresent() && limit.getAsLong() < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + limit.getAsLong());
    }
    return limit;
  }
}
