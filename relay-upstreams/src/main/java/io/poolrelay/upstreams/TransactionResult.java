package io.poolrelay.upstreams;

import java.util.List;

/** The result of handing one message to one upstream: an outcome for every recipient of the envelope, in order. */
public record TransactionResult(String upstream, List<RecipientOutcome> outcomes) {

  public TransactionResult {
    outcomes = List.copyOf(outcomes);
  }

  /** Every recipient gets the same outcome: how a failure before RCPT, or at DATA, is reported. */
  public static TransactionResult uniform(String upstream, Envelope envelope, DeliveryOutcome outcome) {
    return new TransactionResult(
        upstream,
        envelope.recipients().stream().map(r -> new RecipientOutcome(r, outcome)).toList());
  }

  public boolean allDelivered() {
    return outcomes.stream().allMatch(o -> o.outcome() instanceof DeliveryOutcome.Delivered);
  }
}
