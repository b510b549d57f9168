package io.poolrelay.server.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DELETE /api/queue/{id}} (or {@code POST /api/queue/{id}/delete} for tools without DELETE): removes
 * a queued message from the spool. Like Postfix's {@code postsuper -d}, no bounce is sent: the sender is
 * not told, so this is for mail nobody should get (a runaway loop, a message sent by mistake). 200 with
 * {@code {"deleted": "<id>"}}, 404 when it is not queued, 409 while it is being delivered (try again when
 * that attempt is over).
 */
final class DeleteEndpoint {

  private static final Logger log = LoggerFactory.getLogger(DeleteEndpoint.class);

  private final AdminApi api;

  DeleteEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse delete(AdminRequest request, String queueId) {
    return switch (api.delete(queueId)) {
      case DELETED -> {
        log.warn("admin: {} deleted queue_id={}; no bounce sent", request.remote(), queueId);
        yield AdminResponse.json(200, new JsonWriter().beginObject().name("deleted").value(queueId).endObject()
            .toString());
      }
      case NOT_QUEUED -> {
        log.info("admin: {} asked to delete queue_id={}: not queued", request.remote(), queueId);
        yield AdminResponse.error(404, "no message '" + queueId + "' in the queue");
      }
      case BEING_DELIVERED -> {
        log.info("admin: {} asked to delete queue_id={}: refused, it is being delivered", request.remote(),
            queueId);
        yield AdminResponse.error(409, "message '" + queueId + "' is being delivered; try again in a moment");
      }
    };
  }
}
