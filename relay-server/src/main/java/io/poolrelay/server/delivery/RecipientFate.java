package io.poolrelay.server.delivery;

import io.poolrelay.upstreams.SmtpReply;

/**
 * How one recipient ended an attempt.
 *
 * @param upstream   the member that gave the reply, empty when none was tried
 * @param upstreamId the member's own id for the message that delivered it (the SES message id), which
 *                   feedback about it will name; empty when there is none
 */
public record RecipientFate(String recipient, Kind kind, SmtpReply reply, String upstream, boolean ambiguous,
    String upstreamId) {

  public RecipientFate(String recipient, Kind kind, SmtpReply reply, String upstream, boolean ambiguous) {
    this(recipient, kind, reply, upstream, ambiguous, "");
  }

  public enum Kind {
    DELIVERED,
    BOUNCED,
    DEFERRED,
    /**
     * No member could take it now (capped, down or paused): it waits for capacity without using a
     * retry attempt, and is never bounced for it.
     */
    WAITING
  }
}
