package io.poolrelay.upstreams;

import java.util.Objects;

/** One recipient's outcome in a transaction. */
public record RecipientOutcome(String recipient, DeliveryOutcome outcome) {

  public RecipientOutcome {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(outcome, "outcome");
  }
}
