package io.poolrelay.server.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/queue[?state=deferred][&pool=bulk][&limit=100]}: the queue's summary and its messages,
 * oldest first. Unknown parameters are refused rather than ignored, so a misspelt filter can't pass for an
 * empty or a full queue.
 */
final class QueueEndpoint {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;
  private static final Set<String> PARAMETERS = Set.of("state", "pool", "limit");

  private final AdminApi api;

  QueueEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse get(Map<String, List<String>> query) {
    for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
      if (!PARAMETERS.contains(parameter.getKey())) {
        return AdminResponse.error(400, "unknown parameter '" + parameter.getKey() + "': use state, pool or limit");
      }
      if (parameter.getValue().size() > 1) {
        return AdminResponse.error(400, "give '" + parameter.getKey() + "' at most once");
      }
    }
    Optional<String> state = first(query, "state").map(s -> s.toLowerCase(Locale.ROOT));
    if (state.isPresent() && !QueuedView.STATES.contains(state.get())) {
      return AdminResponse.error(400, "unknown state '" + first(query, "state").get() + "': use "
          + String.join(", ", QueuedView.STATES));
    }
    Optional<String> pool = first(query, "pool");
    if (pool.isPresent() && pool.get().isEmpty()) {
      return AdminResponse.error(400, "pool must not be empty");
    }
    int limit = DEFAULT_LIMIT;
    Optional<String> limitText = first(query, "limit");
    if (limitText.isPresent()) {
      limit = parseLimit(limitText.get());
      if (limit < 1) {
        return AdminResponse.error(400, "limit must be a whole number from 1 to " + MAX_LIMIT);
      }
    }
    // The summary first: a message that arrives in between shows in the list but not in the counts,
    // which reads better than the other way round.
    QueueSummary summary = api.queueSummary();
    return AdminResponse.json(200, QueueJson.listing(summary, api.queue(state, pool, limit)));
  }

  /** The limit, or 0 when it is not a whole number from 1 to {@link #MAX_LIMIT}. */
  private static int parseLimit(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return 0;
    }
    int limit = Integer.parseInt(text);
    return limit <= MAX_LIMIT ? limit : 0;
  }

  private static Optional<String> first(Map<String, List<String>> query, String name) {
    return query.getOrDefault(name, List.of()).stream().findFirst();
  }
}
