package io.poolrelay.upstreams;

import java.util.Objects;

/** What happened to one recipient in one attempt. */
public sealed interface DeliveryOutcome
    permits DeliveryOutcome.Delivered, DeliveryOutcome.Deferred, DeliveryOutcome.Rejected {

  SmtpReply reply();

  FailureScope scope();

  /**
   * The upstream took responsibility for the recipient.
   *
   * @param upstreamId the upstream's own id for the message that carried the recipient (the SES message
   *                   id), so later feedback about it can be matched; empty when the upstream gives none
   */
  record Delivered(SmtpReply reply, String upstreamId) implements DeliveryOutcome {

    public Delivered {
      Objects.requireNonNull(upstreamId, "upstreamId");
    }

    public Delivered(SmtpReply reply) {
      this(reply, "");
    }

    @Override
    public FailureScope scope() {
      return FailureScope.RECIPIENT;
    }
  }

  /**
   * Not delivered this time; trying again later (or elsewhere, for {@code UPSTREAM} scope) may work.
   *
   * @param ambiguous the connection broke after the final dot was sent, so the upstream may have
   *                  taken the message: retry on the schedule, never fail over at once
   */
  record Deferred(SmtpReply reply, FailureScope scope, boolean ambiguous) implements DeliveryOutcome {}

  /**
   * Refused for good by this upstream. With {@code UPSTREAM} scope (a code the operator listed in
   * {@code failover_on}) another member may still take it.
   */
  record Rejected(SmtpReply reply, FailureScope scope) implements DeliveryOutcome {}
}
