package io.poolrelay.server.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/queue/{id}/retry}: a deferred or waiting message is due now instead of at its next
 * scheduled attempt. 200 with the message, 404 when it is not queued, 409 when it is incoming or being
 * delivered (it is about to be tried anyway).
 */
final class RetryEndpoint {

  private static final Logger log = LoggerFactory.getLogger(RetryEndpoint.class);

  private final AdminApi api;

  RetryEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse post(AdminRequest request, String queueId) {
    return switch (api.retry(queueId)) {
      case AdminApi.RetryResult.Retried retried -> {
        log.info("admin: {} retried queue_id={} now (pool {}, {} attempt(s) so far)", request.remote(), queueId,
            retried.message().pool().orElse("not yet routed"), retried.message().attempts());
        yield AdminResponse.json(200, QueueJson.message(retried.message()));
      }
      case AdminApi.RetryResult.NotQueued notQueued -> {
        log.info("admin: {} asked to retry queue_id={}: not queued", request.remote(), queueId);
        yield AdminResponse.error(404, "no message '" + queueId + "' in the queue");
      }
      case AdminApi.RetryResult.NotRetryable refused -> {
        log.info("admin: {} asked to retry queue_id={}: refused, it is {}", request.remote(), queueId,
            refused.state());
        yield AdminResponse.error(409, "message '" + queueId + "' is " + refused.state()
            + "; only deferred or waiting messages can be retried");
      }
    };
  }
}
