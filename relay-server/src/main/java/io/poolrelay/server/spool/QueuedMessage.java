package io.poolrelay.server.spool;

import java.time.Instant;

/**
 * The small index entry the queue keeps per message: where its file is and when it is due. The
 * envelope and bytes stay on disk until the message is picked for delivery.
 */
public record QueuedMessage(String queueId, QueueDirectory directory, Instant due, int attempts) {

  public Instant arrival() {
    return QueueId.arrivalOf(queueId);
  }
}
