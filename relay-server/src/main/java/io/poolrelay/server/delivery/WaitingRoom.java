package io.poolrelay.server.delivery;

import io.poolrelay.server.spool.QueuedMessage;
import io.poolrelay.upstreams.time.Scheduler;
import io.poolrelay.upstreams.time.Scheduler.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Mail that no member of its pool can take now (all capped, down, paused or disabled), in one line per
 * pool, oldest first. Nothing here polls the disk: a pool's line moves when its capacity returns, and
 * then releases about as many messages as the pool can take, oldest first. Capacity returns
 *
 * <ul>
 *   <li>at a known time (a limit frees, a pause ends, the next rate slot): a timer per pool;
 *   <li>on an event (a probe passes, a resume, a reload): {@link #wakeAll()};
 *   <li>when a released message is delivered: there may be room for the next one.
 * </ul>
 *
 * <p>A timer every {@code recheck} at the latest guards against anything the estimate misses (a clock
 * that jumps, a member that is down until a probe). Released messages that find no room after all come
 * back through {@link #park}. Only index entries are kept: the messages stay in the spool. Thread-safe.
 */
public final class WaitingRoom implements AutoCloseable {

  /** The least wait before looking again, so an estimate that is off can never spin. */
  private static final Duration MIN_WAIT = Duration.ofMillis(50);

  private final PoolCapacity capacity;
  private final BiConsumer<QueuedMessage, String> release;
  private final Scheduler scheduler;
  private final InstantSource clock;
  private final Duration recheck;
  private final int maxReleased;
  private final Map<String, Line> lines = new HashMap<>();
  private boolean closed;

  /** One pool's waiting mail, by queue id (which sorts by arrival). */
  private static final class Line {
    final TreeMap<String, QueuedMessage> waiting = new TreeMap<>();
    int released;
    Cancellable timer;
    Instant timerAt;
  }

  /**
   * @param release takes a released message and its pool; it must queue it for delivery and later call
   *     {@link #returned}
   * @param recheck the longest a pool's line goes without being looked at
   * @param maxReleased how many of one pool's messages may be out of the line at once
   */
  public WaitingRoom(PoolCapacity capacity, BiConsumer<QueuedMessage, String> release, Scheduler scheduler,
      InstantSource clock, Duration recheck, int maxReleased) {
    this.capacity = capacity;
    this.release = release;
    this.scheduler = scheduler;
    this.clock = clock;
    this.recheck = recheck;
    this.maxReleased = maxReleased;
  }

  /** Whether mail for {@code pool} is waiting, so that newer mail for it must queue behind. */
  public synchronized boolean holds(String pool) {
    Line line = lines.get(pool);
    return line != null && !line.waiting.isEmpty();
  }

  /** How many messages wait, over all pools. */
  public synchronized int size() {
    int size = 0;
    for (Line line : lines.values()) {
      size += line.waiting.size();
    }
    return size;
  }

  /** Puts {@code entry} in {@code pool}'s line and makes sure the line is looked at again. */
  public void park(String pool, QueuedMessage entry) {
    Instant now = clock.instant();
    Optional<Instant> chance = capacity.nextChance(pool, now);
    synchronized (this) {
      if (closed) {
        return;
      }
      lines.computeIfAbsent(pool, p -> new Line()).waiting.put(entry.queueId(), entry);
      arm(pool, chance, now);
    }
  }

  /**
   * A released message is done: {@code delivered} when it went (or failed for its own reasons), false
   * when it found no room and was parked again. Going means there may be room for the next one.
   */
  public void returned(String pool, boolean delivered) {
    synchronized (this) {
      Line line = lines.get(pool);
      if (line != null) {
        line.released--;
      }
    }
    if (delivered) {
      wake(pool);
    }
  }

  /** Capacity may have returned anywhere (a member came back, the config changed). */
  public void wakeAll() {
    List<String> pools;
    synchronized (this) {
      pools = new ArrayList<>(lines.keySet());
    }
    pools.forEach(this::wake);
  }

  /** Releases, oldest first, as many of {@code pool}'s messages as it can take now. */
  public void wake(String pool) {
    Instant now = clock.instant();
    // Asked outside the lock: capacity takes each member's own locks.
    long headroom = capacity.headroom(pool, now);
    Optional<Instant> chance = headroom > 0 ? Optional.of(now) : capacity.nextChance(pool, now);
    List<QueuedMessage> out = new ArrayList<>();
    synchronized (this) {
      Line line = lines.get(pool);
      if (closed || line == null) {
        return;
      }
      long room = Math.min(headroom - line.released, maxReleased - line.released);
      while (room-- > 0 && !line.waiting.isEmpty()) {
        out.add(line.waiting.pollFirstEntry().getValue());
        line.released++;
      }
      if (line.waiting.isEmpty() && line.released <= 0) {
        cancelTimer(line);
        lines.remove(pool);
      } else if (!line.waiting.isEmpty()) {
        // With messages out, their return wakes the line; the timer is only the safety net then.
        arm(pool, line.released > 0 ? Optional.empty() : chance, now);
      }
    }
    for (QueuedMessage entry : out) {
      release.accept(entry, pool);
    }
  }

  /** Keeps the earlier of the pool's timer and one at {@code chance} (or at {@code recheck} without one). */
  private void arm(String pool, Optional<Instant> chance, Instant now) {
    Line line = lines.get(pool);
    Instant latest = now.plus(recheck);
    Instant earliest = now.plus(MIN_WAIT);
    Instant wanted = chance.filter(c -> c.isBefore(latest)).orElse(latest);
    Instant at = wanted.isBefore(earliest) ? earliest : wanted;
    if (line.timer != null && !line.timerAt.isAfter(at)) {
      return;
    }
    cancelTimer(line);
    line.timerAt = at;
    line.timer = scheduler.schedule(() -> {
      synchronized (this) {
        Line current = lines.get(pool);
        if (current != null && current.timerAt != null && current.timerAt.equals(at)) {
          current.timer = null;
          current.timerAt = null;
        }
      }
      wake(pool);
    }, Duration.between(now, at));
  }

  private static void cancelTimer(Line line) {
    if (line.timer != null) {
      line.timer.cancel();
      line.timer = null;
      line.timerAt = null;
    }
  }

  /** Cancels every timer; the waiting mail stays in the spool for the next start. */
  @Override
  public synchronized void close() {
    closed = true;
    lines.values().forEach(WaitingRoom::cancelTimer);
    lines.clear();
  }
}
