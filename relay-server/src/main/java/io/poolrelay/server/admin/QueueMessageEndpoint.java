package io.poolrelay.server.admin;

import java.util.Optional;

/**
 * {@code GET /api/queue/{id}}: one queued message with its envelope (sender, recipients, the ones settled
 * already, listener, user, hints); never its body. 404 when it is not queued.
 */
final class QueueMessageEndpoint {

  private final AdminApi api;

  QueueMessageEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse get(String queueId) {
    Optional<QueuedMessageView> message = api.queuedMessage(queueId);
    if (message.isEmpty()) {
      return AdminResponse.error(404, "no message '" + queueId + "' in the queue");
    }
    return AdminResponse.json(200, QueueJson.detail(message.get()));
  }
}
