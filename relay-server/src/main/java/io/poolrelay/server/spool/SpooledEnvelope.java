package io.poolrelay.server.spool;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything about a message except its bytes, as stored at the head of its spool file.
 *
 * @param queueId       the message's id and file name
 * @param arrival       when the relay accepted it
 * @param listener      the listener that accepted it (routes can match on it)
 * @param clientAddress the SMTP client's IP address, for logs
 * @param authUser      the authenticated user, or empty
 * @param sender        reverse path without brackets; empty for {@code <>}
 * @param recipients    every recipient as accepted at RCPT
 * @param hints         hint header values (header name as configured -> value), kept even when the
 *                      headers are stripped from the bytes, so routing can run at delivery time
 * @param origin        {@code smtp} for mail from clients, {@code dsn} for the relay's own bounces
 */
public record SpooledEnvelope(
    String queueId,
    Instant arrival,
    String listener,
    String clientAddress,
    String authUser,
    String sender,
    List<String> recipients,
    Map<String, String> hints,
    String origin) {

  public static final String ORIGIN_SMTP = "smtp";
  public static final String ORIGIN_DSN = "dsn";

  public SpooledEnvelope {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(authUser, "authUser");
    Objects.requireNonNull(sender, "sender");
    recipients = List.copyOf(recipients);
    hints = Map.copyOf(hints);
    Objects.requireNonNull(origin, "origin");
  }
}
