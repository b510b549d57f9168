package io.poolrelay.server.admin;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One queued message in detail: its index entry and its envelope as spooled. Never its bytes: the body
 * is the sender's business, and an admin token should not be a way to read everyone's mail.
 *
 * @param sender the reverse path; empty for the null sender {@code <>}
 * @param recipients every recipient accepted at RCPT
 * @param settled of those, the ones delivered or bounced already (from the message's state file)
 * @param authUser the SMTP AUTH user that sent it, if any
 * @param hints the hint header values routing reads (header name -> value)
 * @param origin {@code smtp} for client mail, {@code dsn} for the relay's own bounces
 */
public record QueuedMessageView(QueuedView queued, String sender, List<String> recipients, List<String> settled,
    String listener, String clientAddress, Optional<String> authUser, Map<String, String> hints, String origin) {

  public QueuedMessageView {
    Objects.requireNonNull(queued, "queued");
    Objects.requireNonNull(sender, "sender");
    recipients = List.copyOf(recipients);
    settled = List.copyOf(settled);
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(authUser, "authUser");
    hints = Map.copyOf(hints);
    Objects.requireNonNull(origin, "origin");
  }
}
