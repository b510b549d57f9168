package io.poolrelay.upstreams;

/**
 * What an upstream's answer says about the upstream itself rather than the message, beyond "it failed":
 * an API provider tells why it refused, and the relay acts on the reason instead of counting a failure
 * toward down. A result with a signal is never counted as a health failure.
 */
public sealed interface UpstreamSignal {

  /** The provider's words, as logged and shown with the state. */
  String reason();

  /** Sending faster than the provider allows: back off the rate for a while. */
  record Throttled(String reason) implements UpstreamSignal {}

  /** The provider's daily quota is used up: capped until its window frees. */
  record QuotaExhausted(String reason) implements UpstreamSignal {}

  /** The provider stopped the account's sending: paused until an operator resumes it. */
  record SendingStopped(String reason) implements UpstreamSignal {}

  /**
   * The provider refused this message's sender or recipient identity (not verified, as in a sandbox):
   * a matter for this message and this member only, not of the member's health.
   */
  record IdentityRefused(String reason) implements UpstreamSignal {}
}
