package io.poolrelay.server.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One queued message as the admin API lists it: what the queue index knows, without reading the spool.
 *
 * @param state {@code incoming}, {@code active}, {@code deferred} or {@code waiting}
 * @param pool the pool it was routed to; empty before its first attempt
 * @param nextAttempt when a deferred message is due
 * @param lastReply what the last attempt got (or why it waits), empty before the first
 * @param size the spool file's size in bytes
 * @param age how long it has been queued, by the relay's clock (so a client's clock does not matter)
 */
public record QueuedView(String queueId, String state, Optional<String> pool, int attempts,
    Optional<Instant> nextAttempt, String lastReply, long size, Instant arrival, Duration age) {

  /** The states a message can be in, as the API writes them; also the values of the {@code state} filter. */
  public static final List<String> STATES = List.of("incoming", "active", "deferred", "waiting");

  public QueuedView {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(nextAttempt, "nextAttempt");
    Objects.requireNonNull(lastReply, "lastReply");
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(age, "age");
  }
}
