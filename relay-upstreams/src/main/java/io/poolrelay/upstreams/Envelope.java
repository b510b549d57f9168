package io.poolrelay.upstreams;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SMTP envelope of one delivery attempt.
 *
 * @param queueId    the relay's id for the message, for log lines and file names
 * @param sender     the reverse path without angle brackets; empty for the null sender {@code <>}
 * @param recipients forward paths still to be delivered, without angle brackets
 * @param pool       the pool the attempt is for ("" outside a pool, as in {@code send-test})
 * @param hints      the message's hint headers (header name as configured, value), for upstreams that
 *                   can label a message (SES email tags); the headers themselves may be stripped
 */
public record Envelope(String queueId, String sender, List<String> recipients, String pool,
    Map<String, String> hints) {

  public Envelope {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(pool, "pool");
    hints = Collections.unmodifiableMap(new LinkedHashMap<>(hints));
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("an envelope needs at least one recipient");
    }
  }

  /** An envelope outside any pool and without hints. */
  public Envelope(String queueId, String sender, List<String> recipients) {
    this(queueId, sender, recipients, "", Map.of());
  }

  /** The same attempt with another reverse path (a per-upstream rewrite). */
  public Envelope withSender(String newSender) {
    return new Envelope(queueId, newSender, recipients, pool, hints);
  }

  /** The same attempt for some of its recipients. */
  public Envelope withRecipients(List<String> some) {
    return new Envelope(queueId, sender, some, pool, hints);
  }

  public boolean hasNullSender() {
    return sender.isEmpty();
  }
}
