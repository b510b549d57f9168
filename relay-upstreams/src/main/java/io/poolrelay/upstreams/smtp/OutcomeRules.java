package io.poolrelay.upstreams.smtp;

import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.DeliveryOutcome.Deferred;
import io.poolrelay.upstreams.DeliveryOutcome.Delivered;
import io.poolrelay.upstreams.DeliveryOutcome.Rejected;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.SmtpReply;
import java.util.Set;

/**
 * Which outcome and scope a negative reply means at each step. A 5xx code the operator listed in
 * {@code failover_on} becomes {@code UPSTREAM} scope, so the pool's next member gets a chance.
 */
final class OutcomeRules {

  private final Set<Integer> failoverOn;

  OutcomeRules(Set<Integer> failoverOn) {
    this.failoverOn = Set.copyOf(failoverOn);
  }

  /** The session is unusable (no reply, a 421, a failed setup): another upstream may do better. */
  static DeliveryOutcome sessionFailed(SmtpReply reply) {
    return new Deferred(reply, FailureScope.UPSTREAM, false);
  }

  DeliveryOutcome mailRefused(SmtpReply reply) {
    return reply.isTransient() ? sessionFailed(reply) : reject(reply, FailureScope.MESSAGE);
  }

  DeliveryOutcome recipientRefused(SmtpReply reply) {
    return reply.isTransient()
        ? new Deferred(reply, FailureScope.RECIPIENT, false)
        : reject(reply, FailureScope.RECIPIENT);
  }

  DeliveryOutcome dataRefused(SmtpReply reply) {
    return reply.isTransient() ? sessionFailed(reply) : reject(reply, FailureScope.MESSAGE);
  }

  DeliveryOutcome afterDot(SmtpReply reply) {
    if (reply.isPositive()) {
      return new Delivered(reply);
    }
    return reply.isTransient()
        ? new Deferred(reply, FailureScope.MESSAGE, false)
        : reject(reply, FailureScope.MESSAGE);
  }

  /** The final dot went out and the reply never came: the upstream may have the message. */
  static DeliveryOutcome ambiguous(SmtpReply reply) {
    return new Deferred(reply, FailureScope.MESSAGE, true);
  }

  private DeliveryOutcome reject(SmtpReply reply, FailureScope scope) {
    return new Rejected(reply, failoverOn.contains(reply.code()) ? FailureScope.UPSTREAM : scope);
  }
}
