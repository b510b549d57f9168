package io.poolrelay.upstreams;

import java.util.List;
import java.util.Objects;

/**
 * The SMTP envelope of one delivery attempt.
 *
 * @param queueId    the relay's id for the message, for log lines and file names
 * @param sender     the reverse path without angle brackets; empty for the null sender {@code <>}
 * @param recipients forward paths still to be delivered, without angle brackets
 */
public record Envelope(String queueId, String sender, List<String> recipients) {

  public Envelope {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(sender, "sender");
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("an envelope needs at least one recipient");
    }
  }

  public boolean hasNullSender() {
    return sender.isEmpty();
  }
}
