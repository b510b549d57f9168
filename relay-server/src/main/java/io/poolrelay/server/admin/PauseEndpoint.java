package io.poolrelay.server.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/upstreams/{name}/pause[?for=2h][&reason=...]}: stops sending through one upstream,
 * for a while or until resumed. 200 with the upstream, 404 if there is none by that name, 400 for a bad
 * duration.
 */
final class PauseEndpoint {

  private static final Logger log = LoggerFactory.getLogger(PauseEndpoint.class);
  static final String DEFAULT_REASON = "paused through the admin API";

  private final AdminApi api;

  PauseEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse post(AdminRequest request, String upstream, Map<String, List<String>> query) {
    List<String> forValues = query.getOrDefault("for", List.of());
    List<String> reasonValues = query.getOrDefault("reason", List.of());
    if (forValues.size() > 1 || reasonValues.size() > 1) {
      return AdminResponse.error(400, "give 'for' and 'reason' at most once each");
    }
    Optional<Duration> duration;
    try {
      duration = forValues.stream().findFirst().map(PauseDuration::parse);
    } catch (IllegalArgumentException e) {
      return AdminResponse.error(400, e.getMessage());
    }
    String reason = reasonValues.stream().map(PauseEndpoint::oneLine).filter(r -> !r.isEmpty()).findFirst()
        .orElse(DEFAULT_REASON);
    Optional<UpstreamView> view = api.pause(upstream, duration, reason);
    if (view.isEmpty()) {
      log.info("admin: {} asked to pause upstream '{}': no such upstream", request.remote(), upstream);
      return AdminResponse.error(404, "no upstream '" + upstream + "'");
    }
    log.info("admin: {} paused upstream '{}' {} (reason: {})", request.remote(), upstream,
        duration.map(d -> "for " + forValues.get(0)).orElse("until resumed"), reason);
    return AdminResponse.json(200, UpstreamJson.object(view.get()));
  }

  /** The reason with control characters as spaces, so it can't forge log lines or break the table. */
  private static String oneLine(String reason) {
    StringBuilder sb = new StringBuilder(reason.length());
    reason.codePoints().forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
    return sb.toString().strip();
  }
}
