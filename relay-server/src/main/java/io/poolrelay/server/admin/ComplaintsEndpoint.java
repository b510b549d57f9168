package io.poolrelay.server.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/upstreams/{name}/complaints[?count=N]}: feedback-loop reports (ARF from a mailbox
 * provider, SES complaint notifications) about mail an upstream delivered, counted by its reputation
 * guard. 200 with the upstream (paused, if the complaint rate crossed the threshold), 404 if there is no
 * such upstream, 409 if its guard is off, 400 for a bad count.
 */
final class ComplaintsEndpoint {

  private static final Logger log = LoggerFactory.getLogger(ComplaintsEndpoint.class);
  /** More at once than any feedback batch has; a typo like count=1e9 gets a clear 400. */
  static final int MAX_COUNT = 1_000_000;

  private final AdminApi api;

  ComplaintsEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse post(AdminRequest request, String upstream, Map<String, List<String>> query) {
    List<String> counts = query.getOrDefault("count", List.of());
    if (counts.size() > 1) {
      return AdminResponse.error(400, "give 'count' at most once");
    }
    int count;
    try {
      count = counts.isEmpty() ? 1 : Integer.parseInt(counts.getFirst());
    } catch (NumberFormatException e) {
      count = 0;
    }
    if (count < 1 || count > MAX_COUNT) {
      return AdminResponse.error(400, "count must be a whole number from 1 to " + MAX_COUNT);
    }
    Optional<AdminApi.ComplaintsRecorded> recorded = api.recordComplaints(upstream, count);
    if (recorded.isEmpty()) {
      log.info("admin: {} reported complaints for upstream '{}': no such upstream", request.remote(), upstream);
      return AdminResponse.error(404, "no upstream '" + upstream + "'");
    }
    if (!recorded.get().counted()) {
      log.warn("admin: {} reported {} complaint(s) for upstream '{}': not counted, its guard is off",
          request.remote(), count, upstream);
      return AdminResponse.error(409, "upstream '" + upstream + "' has its guard off (guard: { enabled: false }); "
          + "complaints are not counted");
    }
    UpstreamView view = recorded.get().upstream();
    log.info("admin: {} reported {} complaint(s) for upstream '{}' (complaint rate now {}, state {})",
        request.remote(), count, upstream, view.complaintRate(), view.state());
    return AdminResponse.json(200, UpstreamJson.object(view));
  }
}
