package io.poolrelay.server.bounce;

import io.poolrelay.upstreams.SmtpReply;
import java.util.Objects;

/**
 * One recipient the relay gave up on.
 *
 * @param recipient the envelope recipient address, without angle brackets
 * @param reply     the upstream's reply that settled it; for an expired message, the last reply seen
 * @param remoteMta the upstream's host or name, or empty when unknown
 */
public record FailedRecipient(String recipient, SmtpReply reply, String remoteMta) {

  public FailedRecipient {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(remoteMta, "remoteMta");
    if (recipient.isEmpty()) {
      throw new IllegalArgumentException("bounce: failed recipient is empty");
    }
    BounceRequest.requireNoControlChars("recipient", recipient);
    BounceRequest.requireNoControlChars("remoteMta", remoteMta);
  }
}
