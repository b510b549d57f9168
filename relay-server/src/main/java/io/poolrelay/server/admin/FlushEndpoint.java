package io.poolrelay.server.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/queue/flush}: every deferred message is due now, and waiting mail is looked at again
 * (it leaves only as its pool has room). 200 with {@code {"flushed": N}}, N the deferred messages retried.
 */
final class FlushEndpoint {

  private static final Logger log = LoggerFactory.getLogger(FlushEndpoint.class);

  private final AdminApi api;

  FlushEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse post(AdminRequest request) {
    int flushed = api.flush();
    log.info("admin: {} flushed the queue: {} deferred message(s) due now", request.remote(), flushed);
    return AdminResponse.json(200, new JsonWriter().beginObject().name("flushed").value(flushed).endObject()
        .toString());
  }
}
