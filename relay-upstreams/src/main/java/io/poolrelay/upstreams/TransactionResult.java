package io.poolrelay.upstreams;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of handing one message to one upstream: an outcome for every recipient of the envelope, in
 * order, and what the upstream said about itself, if anything ({@link UpstreamSignal}: throttled, out of
 * quota, paused by its provider).
 */
public record TransactionResult(String upstream, List<RecipientOutcome> outcomes, Optional<UpstreamSignal> signal) {

  public TransactionResult {
    outcomes = List.copyOf(outcomes);
    Objects.requireNonNull(signal, "signal");
  }

  public TransactionResult(String upstream, List<RecipientOutcome> outcomes) {
    this(upstream, outcomes, Optional.empty());
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
