package io.poolrelay.server.smtp;

import io.poolrelay.server.spool.StoredMessage;

/** Where the listener hands a message after the spool made it durable (the delivery manager). */
@FunctionalInterface
public interface AcceptedMessages {
  void accepted(StoredMessage message);
}
