package io.poolrelay.server.admin;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The queue at a glance.
 *
 * @param byState messages per state: {@code incoming}, {@code active}, {@code deferred}, {@code waiting}
 * @param byPool messages per pool they were routed to ({@code unrouted} before their first attempt)
 * @param oldestAge how long the oldest message has been queued, if there is one
 * @param bytes the size of the queued messages
 */
public record QueueSummary(long total, Map<String, Long> byState, Map<String, Long> byPool,
    Optional<Duration> oldestAge, long bytes) {

  public QueueSummary {
    byState = Map.copyOf(byState);
    byPool = Map.copyOf(byPool);
    Objects.requireNonNull(oldestAge, "oldestAge");
  }
}
