package io.poolrelay.server.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * Every message in the spool as the queue manager sees it, by queue id (so oldest first): its state, the
 * pool it was routed to, its attempts, when it is due and what the last attempt got. What the queue
 * commands, the metrics and the status page read; the spool files stay the truth after a restart.
 *
 * <p>Each change bumps the entry's version. Work scheduled for a message carries the version it was
 * scheduled at, and {@link #claim} refuses it once anything has happened since (a retry by hand, a
 * delete): so a message is never delivered by two workers at once, and a deleted one never comes back.
 */
public final class QueueIndex {

  /** Where a message stands. */
  public enum State {
    /** accepted, not yet tried */
    INCOMING,
    /** being delivered now */
    ACTIVE,
    /** tried, waiting for its next attempt */
    DEFERRED,
    /** no member of its pool can take it now; leaves as capacity returns */
    WAITING
  }

  /**
   * One message. {@code pool} is empty until the message is first routed; {@code nextAttempt} is set for
   * deferred messages; {@code lastReply} is the last attempt's reply, or empty.
   */
  public record Entry(String queueId, State state, String pool, int attempts, Optional<Instant> nextAttempt,
      String lastReply, long size, long version) {

    public Instant arrival() {
      return io.poolrelay.server.spool.QueueId.arrivalOf(queueId);
    }

    Entry with(State newState, String newPool, int newAttempts, Optional<Instant> due, String reply) {
      return new Entry(queueId, newState, newPool, newAttempts, due, reply, size, version + 1);
    }
  }

  private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();

  /** A message enters the queue (accepted, or found in the spool at start). Returns its version. */
  public long add(String queueId, State state, int attempts, Optional<Instant> due, long size) {
    Entry entry = new Entry(queueId, state, "", attempts, due, "", size, 0);
    entries.put(queueId, entry);
    return entry.version();
  }

  /**
   * Marks the message {@link State#ACTIVE} if it is still at {@code version} and not active already;
   * false when the work that asked is stale.
   */
  public boolean claim(String queueId, long version) {
    boolean[] claimed = {false};
    entries.computeIfPresent(queueId, (id, entry) -> {
      if (entry.version() != version || entry.state() == State.ACTIVE) {
        return entry;
      }
      claimed[0] = true;
      return entry.with(State.ACTIVE, entry.pool(), entry.attempts(), Optional.empty(), entry.lastReply());
    });
    return claimed[0];
  }

  /** The pool the message was routed to, once it is. */
  public void routed(String queueId, String pool) {
    entries.computeIfPresent(queueId, (id, entry) -> new Entry(id, entry.state(), pool, entry.attempts(),
        entry.nextAttempt(), entry.lastReply(), entry.size(), entry.version()));
  }

  /** Deferred until {@code due}; returns the new version (-1 if the message is gone). */
  public long deferred(String queueId, int attempts, Instant due, String reply) {
    Entry entry = entries.computeIfPresent(queueId,
        (id, e) -> e.with(State.DEFERRED, e.pool(), attempts, Optional.of(due), reply));
    return entry == null ? -1 : entry.version();
  }

  /** Waiting for capacity in {@code pool}; returns the new version (-1 if the message is gone). */
  public long waiting(String queueId, String pool) {
    Entry entry = entries.computeIfPresent(queueId,
        (id, e) -> e.with(State.WAITING, pool, e.attempts(), Optional.empty(), "waits for capacity in " + pool));
    return entry == null ? -1 : entry.version();
  }

  /** Due now, by hand: returns the new version, or empty unless it was deferred or waiting. */
  public Optional<Long> retryNow(String queueId, Instant now) {
    Entry[] changed = {null};
    entries.computeIfPresent(queueId, (id, e) -> {
      if (e.state() != State.DEFERRED && e.state() != State.WAITING) {
        return e;
      }
      changed[0] = e.with(State.DEFERRED, e.pool(), e.attempts(), Optional.of(now), e.lastReply());
      return changed[0];
    });
    return Optional.ofNullable(changed[0]).map(Entry::version);
  }

  /** Takes the message out unless it is being delivered; returns the entry removed. */
  public Optional<Entry> removeUnlessActive(String queueId) {
    Entry[] removed = {null};
    entries.computeIfPresent(queueId, (id, e) -> {
      if (e.state() == State.ACTIVE) {
        return e;
      }
      removed[0] = e;
      return null;
    });
    return Optional.ofNullable(removed[0]);
  }

  /** The message has left the queue (delivered, bounced, expired). */
  public void remove(String queueId) {
    entries.remove(queueId);
  }

  public Optional<Entry> get(String queueId) {
    return Optional.ofNullable(entries.get(queueId));
  }

  /** Up to {@code limit} entries that pass {@code filter}, oldest first. */
  public List<Entry> list(Predicate<Entry> filter, int limit) {
    List<Entry> out = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (out.size() >= limit) {
        break;
      }
      if (filter.test(entry)) {
        out.add(entry);
      }
    }
    return out;
  }

  /** The oldest message, if any. */
  public Optional<Entry> oldest() {
    Map.Entry<String, Entry> first = entries.firstEntry();
    return first == null ? Optional.empty() : Optional.of(first.getValue());
  }

  /** Every entry, for counting by state and pool (a weakly consistent view). */
  public Iterable<Entry> all() {
    return entries.values();
  }

  public int size() {
    return entries.size();
  }
}
