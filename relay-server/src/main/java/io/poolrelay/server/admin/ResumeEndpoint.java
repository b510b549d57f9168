package io.poolrelay.server.admin;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /api/upstreams/{name}/resume}: lifts a pause. 200 with the upstream, 404 if there is none. */
final class ResumeEndpoint {

  private static final Logger log = LoggerFactory.getLogger(ResumeEndpoint.class);

  private final AdminApi api;

  ResumeEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse post(AdminRequest request, String upstream) {
    Optional<UpstreamView> view = api.resume(upstream);
    if (view.isEmpty()) {
      log.info("admin: {} asked to resume upstream '{}': no such upstream", request.remote(), upstream);
      return AdminResponse.error(404, "no upstream '" + upstream + "'");
    }
    log.info("admin: {} resumed upstream '{}' (now {})", request.remote(), upstream, view.get().state());
    return AdminResponse.json(200, UpstreamJson.object(view.get()));
  }
}
