package io.poolrelay.server.bounce;

/** Why the relay gave up on the recipients of a bounce. */
public enum BounceReason {
  /** An upstream refused the recipients with a permanent (5xx) reply. */
  REJECTED,
  /** The message stayed in the queue longer than the configured maximum age. */
  EXPIRED
}
